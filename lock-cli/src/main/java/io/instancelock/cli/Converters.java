package io.instancelock.cli;

import io.instancelock.core.AccountId;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Turns command-line text into account ids and durations, with messages that say what is allowed. */
final class Converters {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final String DURATION_FORMS = "a number with a unit: 500ms, 10s, 2m or 1h";

    private Converters() {}

    /** An account id, validated by lock-core. */
    static final class Account implements ITypeConverter<AccountId> {
        @Override
        public AccountId convert(String value) {
            try {
                return AccountId.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A duration such as {@code 500ms}, {@code 10s}, {@code 2m} or {@code 1h}. */
    static final class Time implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parse(value)
                    .orElseThrow(() ->
                            new TypeConversionException("'" + value + "' is not a duration: use " + DURATION_FORMS));
        }
    }

    /** How long to wait for an account: a duration, or forever. */
    record WaitTime(Duration limit) {
        static final WaitTime FOREVER = new WaitTime(null);

        boolean forever() {
            return limit == null;
        }
    }

    /** A {@link WaitTime}: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or {@code forever}. */
    static final class Wait implements ITypeConverter<WaitTime> {
        @Override
        public WaitTime convert(String value) {
            if (value.equalsIgnoreCase("forever")) {
                return WaitTime.FOREVER;
            }
            return new WaitTime(parse(value)
                    .orElseThrow(() -> new TypeConversionException(
                            "'" + value + "' is not a waiting time: use " + DURATION_FORMS + ", or forever")));
        }
    }

    static Optional<Duration> parse(String value) {
        Matcher matcher = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(
                switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                });
    }

    /** A duration as a user would type it. */
    static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
