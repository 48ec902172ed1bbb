package dev.mmun.cli;

/** The only System.exit of mmun. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ClassArchive.dropIfStale();
        System.exit(MmunCommand.execute(args, System.in, System.out, System.err));
    }
}
