package dev.mmun.lsp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/** The server: what it can do, and the shutdown/exit handshake. The work is in {@link Documents}. */
final class MmunLanguageServer implements LanguageServer, LanguageClientAware {
    private final Documents documents = new Documents();
    private final Workspace workspace = new Workspace();
    private final CompletableFuture<Object> exited = new CompletableFuture<>();
    private volatile boolean shutDown;
    /** What initialize reports as the server's version: the CLI's (lsp comes before cli in the pipeline). */
    private final String version;

    MmunLanguageServer(String version) {
        this.version = version;
    }

    @Override
    public void connect(LanguageClient client) {
        documents.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities caps = new ServerCapabilities();
        caps.setTextDocumentSync(TextDocumentSyncKind.Full);
        caps.setCompletionProvider(new CompletionOptions(false, List.of("(", ",")));
        caps.setHoverProvider(true);
        caps.setDefinitionProvider(true);
        return CompletableFuture.completedFuture(new InitializeResult(caps, new ServerInfo("mmun", version)));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutDown = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        exited.complete(null);
    }

    CompletableFuture<Object> exited() {
        return exited;
    }

    boolean shutDown() {
        return shutDown;
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspace;
    }
}
