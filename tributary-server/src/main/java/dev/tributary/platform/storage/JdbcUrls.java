package dev.tributary.platform.storage;

/** JDBC URLs as they may be shown: in logs and start-up failures. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /**
     * The URL without what may hold credentials: the query string ({@code ?password=}), driver
     * properties after {@code ;}, and user-info ({@code //user:password@host}).
     */
    public static String withoutCredentials(String url) {
        if (url == null) {
            return "";
        }
        String shown = url.strip();
        // Cut the query first: an '@' in it (?user=me@example.com) must not be taken for user-info.
        int properties = indexOfAny(shown, "?;#");
        if (properties >= 0) {
            shown = shown.substring(0, properties);
        }
        int authority = shown.indexOf("//");
        // The last '@': a password may contain '@', a host name does not.
        int userInfoEnd = shown.lastIndexOf('@');
        if (authority >= 0 && userInfoEnd > authority) {
            shown = shown.substring(0, authority + 2) + shown.substring(userInfoEnd + 1);
        }
        return shown;
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
