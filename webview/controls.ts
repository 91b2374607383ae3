// The VS Code-styled controls, imported one by one so the bundle carries only these.
export { default as VscodeButton } from "@vscode-elements/react-elements/dist/components/VscodeButton.js";
export { default as VscodeTextfield } from "@vscode-elements/react-elements/dist/components/VscodeTextfield.js";
export { default as VscodeSingleSelect } from "@vscode-elements/react-elements/dist/components/VscodeSingleSelect.js";
export { default as VscodeOption } from "@vscode-elements/react-elements/dist/components/VscodeOption.js";
