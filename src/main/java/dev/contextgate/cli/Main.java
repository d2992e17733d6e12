package dev.contextgate.cli;

/** Entry point of the jar; the commands are built in the cli package. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("contextgate: not yet wired");
    }
}
