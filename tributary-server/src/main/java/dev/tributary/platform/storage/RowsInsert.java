package dev.tributary.platform.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An INSERT written for many rows: {@code head} names the table and columns, {@code row} is one
 * row's values with a {@code ?} per parameter, {@code tail} follows the values (ON CONFLICT,
 * RETURNING). How many rows one statement may hold is the dialect's ({@link Dialect#rowsPerInsert()});
 * statements hold a power of two of rows, so each insert has few distinct texts to prepare.
 */
public final class RowsInsert {

    private final String head;
    private final String row;
    private final int columns;
    private final String tail;
    private final String doing;
    private final int maxRows;
    private final Map<Integer, String> sqlByRows = new ConcurrentHashMap<>();

    public RowsInsert(String head, String row, String tail, String doing, Dialect dialect) {
        this.head = head.strip();
        this.row = row.strip();
        this.columns = (int) this.row.chars().filter(c -> c == '?').count();
        this.tail = tail.strip();
        this.doing = doing;
        this.maxRows = dialect.rowsPerInsert();
    }

    String sql(int rows) {
        return sqlByRows.computeIfAbsent(rows, count -> {
            StringBuilder sql = new StringBuilder(head.length() + tail.length() + count * (row.length() + 2) + 16);
            sql.append(head).append(" VALUES ");
            for (int i = 0; i < count; i++) {
                sql.append(i == 0 ? "" : ", ").append(row);
            }
            return (tail.isEmpty() ? sql : sql.append(' ').append(tail)).toString();
        });
    }

    int columns() {
        return columns;
    }

    /** Rows for the next statement when {@code left} are to go: the largest power of two allowed. */
    int rowsFor(int left, int maxParameters) {
        int most = Math.max(1, Math.min(Math.min(maxRows, left), maxParameters / columns));
        return Integer.highestOneBit(most);
    }

    String doing() {
        return doing;
    }
}
