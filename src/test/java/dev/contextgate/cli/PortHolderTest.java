package dev.contextgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortHolderTest {

    @Test
    void findsThisJvmHoldingAListeningSocket() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc");
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = socket.getLocalPort();

            var holder = PortHolder.find(port);

            assertThat(holder).isPresent();
            assertThat(holder.get().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(holder.get().command()).contains("java");
            assertThat(PortHolder.describe(port)).startsWith("PID " + ProcessHandle.current().pid() + " (");
        }
    }

    @Test
    void readsListeningRowsOnlyForThePort(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("tcp");
        Files.writeString(table, """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:F195 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
                   1: 0100007F:F195 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 5151 1 0000000000000000 20 4 30 10 -1
                   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7777 1 0000000000000000 100 0 0 10 0
                """);

        assertThat(PortHolder.listeningInodes(table, 0xF195)).containsExactly("4242");
        assertThat(PortHolder.listeningInodes(table, 8080)).containsExactly("7777");
        assertThat(PortHolder.listeningInodes(table, 1)).isEmpty();
        assertThat(new PortHolder(dir).lookup(0xF195)).isEmpty(); // no process directories hold it
    }

    @Test
    void aFreePortHasNoHolder() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(PortHolder.find(port)).isEmpty();
        assertThat(PortHolder.describe(port)).contains("ss -ltnp");
    }
}
