package dev.contextgate.cli;

import dev.contextgate.config.ConfigLoader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code contextgate doctor}: every check users need when the gateway will not start or answer. Exit 0 only when all pass. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = "Check Java, configuration, port, bind address, data dir, store, providers and a running"
                + " gateway; print ✓/✗ with the fix for each. Takes the same flags as serve.")
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    ServerFlags server = new ServerFlags();

    @Option(names = "--json", description = "print the result as JSON, for scripts")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DoctorReport report = new Doctor(ConfigLoader.forThisProcess(),
                server.toFlags(), System.getenv("CONTEXTGATE_API_KEY")).run();
        out.print(json ? report.json() : "ContextGate doctor\n" + report.table());
        out.flush();
        return report.healthy() ? 0 : Main.FAILED;
    }
}
