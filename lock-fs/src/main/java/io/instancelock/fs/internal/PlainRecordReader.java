package io.instancelock.fs.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the records lock-fs and the older launcher write, a flat JSON object of printable-ASCII strings
 * without escapes, whole numbers and nulls, without Jackson (about 80 classes more at the start of a
 * {@code lockctl status} of a held account, and on a crash recovery's path). It answers only when it is
 * sure to read what Jackson reads; for anything else (an escape, other bytes, a nested value, a
 * leading zero, a number that may be out of range, a syntax error) it returns null and Jackson reads
 * the bytes, with its error messages.
 */
final class PlainRecordReader {

    private final byte[] in;
    private int at;

    private PlainRecordReader(byte[] in) {
        this.in = in;
    }

    /** The fields, as {@link RecordCodec} reads them, or null when Jackson must read these bytes. */
    static Map<String, Object> read(byte[] bytes) {
        return new PlainRecordReader(bytes).object();
    }

    private Map<String, Object> object() {
        if (!skipTo('{')) {
            return null;
        }
        at++;
        Map<String, Object> fields = new HashMap<>();
        if (skipTo('}')) {
            at++;
            return end() ? fields : null;
        }
        while (true) {
            if (!skipTo('"')) {
                return null;
            }
            String name = string();
            if (name == null || !skipTo(':')) {
                return null;
            }
            at++;
            skipSpace();
            if (at >= in.length) {
                return null;
            }
            Object value;
            if (in[at] == '"') {
                value = string();
                if (value == null) {
                    return null;
                }
            } else if (in[at] == 'n') {
                if (!literalNull()) {
                    return null;
                }
                value = null;
            } else {
                value = number();
                if (value == null) {
                    return null;
                }
            }
            fields.put(name, value);
            skipSpace();
            if (at >= in.length) {
                return null;
            }
            if (in[at] == ',') {
                at++;
            } else if (in[at] == '}') {
                at++;
                return end() ? fields : null;
            } else {
                return null;
            }
        }
    }

    /** At an opening quote: the text up to the closing one, or null when it is not plain. */
    private String string() {
        int start = ++at;
        for (; at < in.length; at++) {
            byte c = in[at];
            if (c == '"') {
                return new String(in, start, at++ - start, StandardCharsets.US_ASCII);
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return null;
            }
        }
        return null;
    }

    /** A whole number of at most 18 digits, without a leading zero, fraction or exponent; or null. */
    private Long number() {
        boolean negative = in[at] == '-';
        if (negative) {
            at++;
        }
        int start = at;
        long value = 0;
        for (; at < in.length && in[at] >= '0' && in[at] <= '9'; at++) {
            if (at - start == 18) {
                return null; // could be out of range: Jackson decides
            }
            value = value * 10 + (in[at] - '0');
        }
        int digits = at - start;
        if (digits == 0 || (digits > 1 && in[start] == '0')) {
            return null;
        }
        if (at < in.length && (in[at] == '.' || in[at] == 'e' || in[at] == 'E')) {
            return null;
        }
        return negative ? -value : value;
    }

    private boolean literalNull() {
        if (at + 4 > in.length || in[at + 1] != 'u' || in[at + 2] != 'l' || in[at + 3] != 'l') {
            return false;
        }
        at += 4;
        return at >= in.length || !Character.isLetterOrDigit(in[at]);
    }

    /** Skips JSON whitespace; whether the next byte is {@code expected}. */
    private boolean skipTo(char expected) {
        skipSpace();
        return at < in.length && in[at] == expected;
    }

    private void skipSpace() {
        while (at < in.length && (in[at] == ' ' || in[at] == '\n' || in[at] == '\r' || in[at] == '\t')) {
            at++;
        }
    }

    /** Whether only whitespace follows. */
    private boolean end() {
        skipSpace();
        return at == in.length;
    }
}
