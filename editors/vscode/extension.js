// Starts `spex lsp` for the Markdown files of a workspace with a spex.yaml (or of any
// workspace, with `spex.anyMarkdown`), and stops it with the extension.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

async function activate(context) {
  const settings = vscode.workspace.getConfiguration('spex');
  if (!settings.get('anyMarkdown', false)) {
    const found = await vscode.workspace.findFiles('**/spex.yaml', '**/node_modules/**', 1);
    if (found.length === 0) {
      return;
    }
  }
  const command = settings.get('path', 'spex') || 'spex';
  const serverOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    // The server registers for file events itself; this covers spex.yaml and
    // non-Markdown files documents link to as well.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*') },
  };
  client = new LanguageClient('spex', 'spex', serverOptions, clientOptions);
  // The code lens on a document's title ("3 references") runs this with the document and
  // the lens's position: VS Code's own references view, fed by the server.
  context.subscriptions.push(
    vscode.commands.registerCommand('spex.showReferences', (uri, position) =>
      vscode.commands.executeCommand(
        'editor.action.findReferences',
        client.protocol2CodeConverter.asUri(uri),
        client.protocol2CodeConverter.asPosition(position),
      ),
    ),
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('spex')) {
        vscode.window.showInformationMessage('spex settings changed: reload the window to apply them.');
      }
    }),
  );
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `spex: could not start \`${command} lsp\` (${error}). Set "spex.path" to the spex binary.`,
    );
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
