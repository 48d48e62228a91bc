package dev.tributary.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Collectors;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tributary.delivery.WhereExpression.Condition;
import dev.tributary.delivery.WhereExpression.WhereSyntaxException;

/**
 * Fuzzes the {@code where} parser with arbitrary text. The normal build replays the seeds in
 * {@code WhereExpressionFuzzUnitTestsInputs/}; {@code -Pfuzz} searches for new inputs
 * (docs/reliability.md, "Fuzzing").
 */
class WhereExpressionFuzzUnitTests {

    @FuzzTest(maxDuration = "2m")
    void parses_or_names_a_position_inside_the_input(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        WhereExpression expression;
        try {
            expression = WhereExpression.parse(text);
        } catch (WhereSyntaxException e) {
            // The position points into the text, or just past it for "end of input".
            assertThat(e.position()).isBetween(0, text.length());
            assertThat(e.getMessage()).contains("position " + e.position());
            return;
        }
        for (Condition condition : expression.conditions()) {
            assertThat(condition.values()).isNotEmpty();
            for (Object value : condition.values()) {
                // DeliveryQueries binds times as epoch milliseconds.
                if (value instanceof Instant instant) {
                    instant.toEpochMilli();
                }
            }
        }
        // Written back out, the expression reads as the same conditions.
        assertThat(WhereExpression.parse(render(expression)).conditions()).isEqualTo(expression.conditions());
    }

    /** The canonical text of an expression: quoted strings and times, bare numbers. */
    static String render(WhereExpression expression) {
        return expression.conditions().stream().map(WhereExpressionFuzzUnitTests::render)
                .collect(Collectors.joining(" and "));
    }

    private static String render(Condition condition) {
        String values = condition.values().stream().map(WhereExpressionFuzzUnitTests::literal)
                .collect(Collectors.joining(", "));
        String operator = condition.operator().symbol();
        return condition.field().fieldName() + " " + operator + " "
                + (condition.operator() == WhereExpression.Operator.IN ? "(" + values + ")" : values);
    }

    private static String literal(Object value) {
        if (value instanceof Long number) {
            return number.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }
}
