import type { TextDocument } from "vscode-languageserver-textdocument";
import type { DetailedAnalysis, TopologyWorkspace } from "../analyzer";

/**
 * The edit of a canvas op, analysed while the editor applies it. Once the server has answered a
 * planned op, the text that edit will make is known: it is analysed at once, while the workbench
 * applies the edit and sends it back, instead of after — so when the edit arrives its diagnostics
 * and model go out at once, and the canvas changes that much sooner. An edit that arrives as
 * planned (same version, same text) takes that analysis as is; anything else that reads the
 * workspace first puts the document's own text back (`settle`), so no request ever sees a text the
 * editor does not have. An edit that never comes (refused, or overtaken by typing) is settled after
 * a few seconds.
 */
interface Pending {
  uri: string;
  file: string;
  version: number;
  text: string;
  analysis?: DetailedAnalysis;
  timer: NodeJS.Timeout;
}

export class EditSpeculation {
  private pending?: Pending;

  constructor(
    private readonly workspace: () => TopologyWorkspace,
    private readonly document: (uri: string) => TextDocument | undefined,
    private readonly giveUpMs = 3000,
  ) {}

  /** An op on `uri` at `baseVersion` was planned to give `text`: analyse it after the answer is sent. */
  begin(uri: string, file: string, baseVersion: number, text: string): void {
    this.settle();
    setImmediate(() => {
      // The edit itself (or another change) came first: there is nothing to get ahead of.
      if (this.document(uri)?.version !== baseVersion || this.pending) return;
      const version = baseVersion + 1;
      this.workspace().setDocument(file, text, version);
      const pending: Pending = { uri, file, version, text, timer: setTimeout(() => this.settle(), this.giveUpMs) };
      this.pending = pending;
      try {
        pending.analysis = this.workspace().analyzeDetailed(file);
      } catch {
        // The edit's own check will say what went wrong.
        this.settle();
      }
    });
  }

  /**
   * The analysis made ahead for the document as it is now, if the edit came exactly as planned
   * (same version, same text); the speculation ends either way.
   */
  take(document: TextDocument): DetailedAnalysis | undefined {
    const p = this.pending;
    if (!p || p.uri !== document.uri) return undefined;
    const hit = p.version === document.version && p.text === document.getText() ? p.analysis : undefined;
    this.settle();
    return hit;
  }

  /** Puts the document's own text back in the workspace; a no-op when nothing is pending. */
  settle(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    const document = this.document(p.uri);
    // A closed document was removed from the workspace when it closed.
    if (document && document.getText() !== p.text) this.workspace().setDocument(p.file, document.getText(), document.version);
  }
}
