package dev.contextgate.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Replaces the logging set-up of {@code logback.xml} from the command line: text or JSON (one object
 * per line, Logback's own {@link JsonEncoder}) at a level, to stderr, gathered and flushed every
 * {@link #FLUSH_EVERY} (warnings and errors at once). The request id travels in the MDC
 * ({@code request_id}): JSON lines carry it in {@code mdc}, text lines in brackets.
 */
public final class LogSetup {

    public enum Format { TEXT, JSON }

    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} %rid- %msg%n";

    /** How late an INFO line may reach the output; warnings and errors go at once. */
    static final Duration FLUSH_EVERY = Duration.ofMillis(100);
    private static final String APPENDER = "contextgate";

    private LogSetup() {}

    /** Writes out the lines gathered so far (the process is about to stop, or a test reads them). */
    public static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER)
                        instanceof GatheringAppender appender) {
            appender.flush();
        }
    }

    /** Parses {@code text|json}, case-insensitive; null means text. */
    public static Format format(String text) {
        if (text == null || text.isBlank()) {
            return Format.TEXT;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new IllegalArgumentException("log format '" + text + "' is not one of text, json");
        };
    }

    /** Parses {@code trace|debug|info|warn|error|off}, case-insensitive; null means info. */
    public static Level level(String text) {
        if (text == null || text.isBlank()) {
            return Level.INFO;
        }
        String t = text.strip().toUpperCase(Locale.ROOT);
        Level level = Level.toLevel(t, null);
        if (level == null || !level.levelStr.equals(t)) {
            throw new IllegalArgumentException("log level '" + text + "' is not one of trace, debug, info, warn, error, off");
        }
        return level;
    }

    /** Sends every log line to {@code target} (stderr in the CLI), in {@code format}, from {@code level} up. */
    public static void configure(Format format, Level level, OutputStream target) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: leave it alone
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();

        Encoder<ILoggingEvent> encoder;
        if (format == Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithArguments(false);
            json.setWithMessage(false);
            json.setWithFormattedMessage(true);
            encoder = json;
        } else {
            PatternLayout layout = new PatternLayout();
            layout.getInstanceConverterMap().put("rid", RequestIdConverter::new);
            layout.setPattern(TEXT_PATTERN);
            layout.setContext(context);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
            text.setLayout(layout);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();

        GatheringAppender appender = new GatheringAppender(target, FLUSH_EVERY);
        appender.setName(APPENDER);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();

        root.addAppender(appender);
        root.setLevel(level);
        // Jetty's INFO lines are noise, and its DEBUG lines print request headers (client keys): warnings only.
        context.getLogger("org.eclipse.jetty").setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
    }
}
