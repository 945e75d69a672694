/** Word splitting of an unquoted expansion with the default IFS (space, tab, newline). */
export function splitFields(value: string): string[] {
  return value.split(/[ \t\n]+/).filter((f) => f !== '');
}

/** What `echo $x` prints (without the newline): the fields joined by one space. */
export function echoUnquoted(value: string): string {
  return splitFields(value).join(' ');
}
