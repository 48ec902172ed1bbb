package dev.mmun.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;

/** Runs the language server on a pair of streams until the client says exit or closes the input. */
public final class LspMain {
    private LspMain() {
    }

    /**
     * The exit code: 0 after shutdown then exit (or the input closed after shutdown), else 1, as LSP asks.
     * version: what the server tells the client it is (the CLI's version).
     */
    public static int serve(InputStream in, OutputStream out, String version) {
        MmunLanguageServer server = new MmunLanguageServer(version);
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        CompletableFuture<Object> ended = CompletableFuture.anyOf(server.exited(),
                CompletableFuture.runAsync(() -> waitFor(listening)));
        try {
            ended.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the connection broke: as if the client had gone away
        }
        listening.cancel(true);
        return server.shutDown() ? 0 : 1;
    }

    private static void waitFor(Future<Void> listening) {
        try {
            listening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            // the input ended or broke
        }
    }
}
