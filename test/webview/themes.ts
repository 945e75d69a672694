/** The --vscode-* variables the panel uses, with VS Code's Light+ and Dark+ values, as a webview gets them. */
const LIGHT: Record<string, string> = {
  'foreground': '#3b3b3b', 'editor-background': '#ffffff', 'descriptionForeground': '#717171', 'focusBorder': '#005fb8',
  'button-foreground': '#ffffff', 'button-background': '#005fb8', 'button-hoverBackground': '#0258a8',
  'button-secondaryForeground': '#3b3b3b', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryHoverBackground': '#cccccc',
  'input-foreground': '#3b3b3b', 'input-background': '#ffffff', 'input-border': '#cecece', 'panel-border': '#e5e5e5', 'editorWidget-border': '#c8c8c8',
  'inputValidation-errorBorder': '#be1100', 'charts-foreground': '#616161', 'charts-lines': '#61616180', 'charts-red': '#e51400', 'charts-blue': '#1a85ff',
  'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-purple': '#652d90',
  'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
};
const DARK: Record<string, string> = {
  ...LIGHT,
  'foreground': '#cccccc', 'editor-background': '#1f1f1f', 'descriptionForeground': '#9d9d9d', 'focusBorder': '#0078d4',
  'button-background': '#0078d4', 'button-hoverBackground': '#026ec1', 'button-secondaryForeground': '#cccccc', 'button-secondaryBackground': '#313131',
  'button-secondaryHoverBackground': '#3c3c3c', 'input-foreground': '#cccccc', 'input-background': '#313131', 'input-border': '#3c3c3c',
  'panel-border': '#2b2b2b', 'editorWidget-border': '#454545', 'charts-foreground': '#cccccc', 'charts-lines': '#cccccc80', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff',
  'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
};

const HIGH_CONTRAST: Record<string, string> = {
  ...DARK,
  'foreground': '#ffffff', 'editor-background': '#000000', 'descriptionForeground': '#ffffff', 'focusBorder': '#f38518',
  'button-background': '#000000', 'button-border': '#6fc3df', 'button-secondaryBackground': '#000000', 'input-background': '#000000',
  'input-border': '#6fc3df', 'panel-border': '#6fc3df', 'editorWidget-border': '#6fc3df', 'charts-foreground': '#ffffff', 'charts-lines': '#ffffff80',
  'charts-red': '#f48771', 'charts-blue': '#75beff', 'charts-yellow': '#ffd700', 'charts-green': '#89d185', 'charts-purple': '#d48be4',
};

export type Theme = 'light' | 'dark' | 'high-contrast';

export function themeCss(theme: Theme): string {
  const vars = theme === 'light' ? LIGHT : theme === 'dark' ? DARK : HIGH_CONTRAST;
  return `body.vscode-${theme} {\n${Object.entries(vars).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n')}\n}\n`;
}
