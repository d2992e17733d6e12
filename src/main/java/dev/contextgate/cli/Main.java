package dev.contextgate.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the jar. Exit status: 0 done, 1 could not run (port taken, start failed),
 * 2 bad usage or configuration (one line per problem on stderr, never a stack trace).
 */
@Command(
        name = "contextgate",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A local AI gateway that speaks the OpenAI and Anthropic APIs and keeps context on the server.",
        subcommands = {ServeCommand.class, DoctorCommand.class, ChatCommand.class, ContextsCommand.class, HashKeyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    static final int USAGE = 2;
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    public Main() {}

    public static void main(String[] args) {
        Charset cs = Charset.defaultCharset();
        int status = run(args, new PrintWriter(System.out, true, cs), new PrintWriter(System.err, true, cs));
        System.exit(status);
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("contextgate: " + e.getMessage() + " (see `contextgate --help`)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, p) -> {
            err.println("contextgate: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** {@code contextgate} alone: say what it can do. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }
}
