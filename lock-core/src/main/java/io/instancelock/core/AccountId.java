package io.instancelock.core;

/**
 * A trading account's id, validated so that it is always safe to use in a file name or a query.
 *
 * <p>Allowed: 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}, not starting with {@code .}.
 *
 * @param value the id as the broker shows it, e.g. {@code 123456}
 */
public record AccountId(String value) implements Comparable<AccountId> {

    /** What an account id may contain, in words, for error messages. */
    public static final String RULE = "1 to 64 characters of A-Z a-z 0-9 . _ - (not starting with '.')";

    private static final int MAX_LENGTH = 64;

    /** Validates the id. @throws IllegalArgumentException naming the offending value and the rule */
    public AccountId {
        if (value == null) {
            throw new IllegalArgumentException("account id is missing; an account id is " + RULE);
        }
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid account id " + quote(value) + ": an account id is " + RULE);
        }
    }

    /**
     * The {@link #RULE}, by hand: a regular expression would cost every command-line run milliseconds of
     * start-up in {@code java.util.regex}.
     */
    private static boolean isValid(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_LENGTH || value.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** Same as the constructor, for readable call sites: {@code AccountId.of("123456")}. */
    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    /** Shows the rejected value safely: control characters escaped, long values cut. */
    private static String quote(String raw) {
        String cut = raw.length() > 80 ? raw.substring(0, 80) + "... (" + raw.length() + " characters)" : raw;
        return "'" + DisplayText.safe(cut, 200) + "'";
    }
}
