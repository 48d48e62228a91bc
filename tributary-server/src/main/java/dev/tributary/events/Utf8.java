package dev.tributary.events;

/** Strict UTF-8 checks on bytes, without decoding them to text. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Whether {@code bytes} from {@code offset} are well-formed UTF-8 (RFC 3629: no overlong forms,
     * no surrogates, nothing past U+10FFFF) without a NUL byte. JSON text never holds a raw NUL, and
     * one is how a JSON parser reading bytes would take them for UTF-16 or UTF-32.
     */
    static boolean isValid(byte[] bytes, int offset) {
        int i = offset;
        while (i < bytes.length) {
            int b = bytes[i];
            if (b > 0) {
                i++;
                continue;
            }
            if (b == 0) {
                return false;
            }
            int lead = b & 0xFF;
            int length;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + length > bytes.length) {
                return false;
            }
            int codePoint = lead & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return false;
                }
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                return false;
            }
            i += length;
        }
        return true;
    }
}
