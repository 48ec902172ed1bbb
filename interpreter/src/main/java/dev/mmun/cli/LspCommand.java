package dev.mmun.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mmun lsp}: the language server for editors, over stdin and stdout. LSP4J is reached only
 * from {@link #call()}, so no other command loads it.
 */
@Command(name = "lsp", description = {"Run the language server for editors (LSP over stdin/stdout): "
        + "diagnostics as you type, completion, hover and go to definition.",
        "Editors start it; see editors/README.md."})
final class LspCommand implements Callable<Integer> {
    private final Io io;

    LspCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        // the protocol is bytes on stdout: the CLI's writers are for text
        String version = new Version().getVersion()[0].replaceFirst("^mmun ", "");
        return dev.mmun.lsp.LspMain.serve(io.in(), System.out, version);
    }
}
