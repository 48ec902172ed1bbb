// Starts `mmun lsp` (stdio) as the language server for .mmun files: the CLI's diagnostics as you
// type, completion, hover and go to definition. With mmun.path empty, only the grammar is used.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('mmun').get('path', 'mmun');
  if (!command) {
    return;
  }
  const server = { command, args: ['lsp'] };
  client = new LanguageClient('mmun', 'mmun', { run: server, debug: server }, {
    documentSelector: [{ scheme: 'file', language: 'mmun' }, { scheme: 'untitled', language: 'mmun' }],
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  client.start().catch((e) => {
    vscode.window.showWarningMessage(`mmun: could not start \`${command} lsp\` (${e.message}); highlighting only. Set mmun.path.`);
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
