package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Shell completion. The scripts are written here by hand, one generator
// per shell, from the command table and each command's own flag set (see
// flagTable): a new command or flag is completed without editing them.

// shells are the shells `guidec completion` writes a script for.
var shells = []string{"bash", "zsh", "fish"}

func runCompletion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("completion", "completion bash|zsh|fish", stderr)
	if done, code := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() != 1 || !slices.Contains(shells, fs.Arg(0)) {
		fmt.Fprintf(stderr, "guidec completion: name one shell: %s\nRun 'guidec completion --help' for usage.\n", strings.Join(shells, ", "))
		return exitUsage
	}
	script, err := completionScript(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "guidec completion: %v\n", err)
		return exitUsage
	}
	io.WriteString(stdout, script)
	return exitOK
}

// completionCommand is what a script knows of one command.
type completionCommand struct {
	name, short string
	flags       []flagInfo // without hidden ones
	args        argKind
}

// argKind is what a command's positional arguments are.
type argKind int

const (
	argNone  argKind = iota
	argFiles         // paths (check's PATH…)
	argShell         // a shell name (completion)
)

// positional says what each command takes after its flags.
var positional = map[string]argKind{"check": argFiles, "completion": argShell}

// globalCompletion are the flags before a command, as Main takes them.
var globalCompletion = []flagInfo{
	{Name: "help", Shorthand: "h", Type: "bool", Usage: "help"},
	{Name: "version", Type: "bool", Usage: "print the version"},
	{Name: "verbose", Shorthand: "v", Type: "bool", Usage: "also print info diagnostics"},
	{Name: "quiet", Shorthand: "q", Type: "bool", Usage: "print only errors and the summary"},
	{Name: "color", Type: "string", Usage: "colour: auto, always or never", Values: []string{"auto", "always", "never"}},
}

func completionTable() ([]completionCommand, error) {
	table, err := flagTable()
	if err != nil {
		return nil, err
	}
	var out []completionCommand
	for _, c := range commands() {
		cc := completionCommand{name: c.name, short: c.short, args: positional[c.name]}
		for _, f := range table[c.name] {
			if !f.Hidden {
				cc.flags = append(cc.flags, f)
			}
		}
		out = append(out, cc)
	}
	return out, nil
}

func completionScript(shell string) (string, error) {
	cmds, err := completionTable()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	switch shell {
	case "bash":
		writeBash(&b, cmds)
	case "zsh":
		writeZsh(&b, cmds)
	case "fish":
		writeFish(&b, cmds)
	}
	return b.String(), nil
}

// spellings returns "--name" and, when it has one, "-x".
func (f flagInfo) spellings() []string {
	s := []string{"--" + f.Name}
	if f.Shorthand != "" {
		s = append(s, "-"+f.Shorthand)
	}
	return s
}

func (f flagInfo) takesValue() bool { return f.Type != "bool" }

func writeBash(b *strings.Builder, cmds []completionCommand) {
	b.WriteString("# bash completion for guidec. Load it with:\n#   source <(guidec completion bash)\n")
	b.WriteString("_guidec() {\n")
	b.WriteString("    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n")
	b.WriteString("    local cmd=\"\" i skip=0\n")
	b.WriteString("    for ((i = 1; i < COMP_CWORD; i++)); do\n")
	b.WriteString("        if ((skip)); then skip=0; continue; fi\n")
	b.WriteString("        case \"${COMP_WORDS[i]}\" in\n")
	b.WriteString("            --color) skip=1 ;;\n")
	b.WriteString("            -*) ;;\n")
	b.WriteString("            *) cmd=\"${COMP_WORDS[i]}\"; break ;;\n")
	b.WriteString("        esac\n")
	b.WriteString("    done\n")
	b.WriteString("    case \"$cmd\" in\n")
	var names []string
	for _, c := range cmds {
		names = append(names, c.name)
	}
	b.WriteString("    \"\")\n")
	writeBashValues(b, globalCompletion, "        ")
	fmt.Fprintf(b, "        COMPREPLY=($(compgen -W %s -- \"$cur\")) ;;\n", shellQuote(strings.Join(append(names, bashFlagWords(globalCompletion)...), " ")))
	for _, c := range cmds {
		fmt.Fprintf(b, "    %s)\n", c.name)
		writeBashValues(b, c.flags, "        ")
		words := shellQuote(strings.Join(bashFlagWords(c.flags), " "))
		switch c.args {
		case argFiles:
			b.WriteString("        if [[ $cur == -* ]]; then\n")
			fmt.Fprintf(b, "            COMPREPLY=($(compgen -W %s -- \"$cur\"))\n", words)
			b.WriteString("        else\n            COMPREPLY=($(compgen -f -- \"$cur\"))\n        fi ;;\n")
		case argShell:
			fmt.Fprintf(b, "        COMPREPLY=($(compgen -W %s -- \"$cur\")) ;;\n", shellQuote(strings.Join(append(bashFlagWords(c.flags), shells...), " ")))
		default:
			fmt.Fprintf(b, "        COMPREPLY=($(compgen -W %s -- \"$cur\")) ;;\n", words)
		}
	}
	b.WriteString("    esac\n}\ncomplete -F _guidec guidec\n")
}

// writeBashValues completes the value of the flag before the cursor.
func writeBashValues(b *strings.Builder, flags []flagInfo, indent string) {
	var dirs, free []string
	fmt.Fprintf(b, "%scase \"$prev\" in\n", indent)
	for _, f := range flags {
		switch {
		case !f.takesValue():
		case len(f.Values) > 0:
			fmt.Fprintf(b, "%s    %s) COMPREPLY=($(compgen -W %s -- \"$cur\")); return ;;\n", indent, strings.Join(f.spellings(), "|"), shellQuote(strings.Join(f.Values, " ")))
		case f.Dir:
			dirs = append(dirs, f.spellings()...)
		default:
			free = append(free, f.spellings()...)
		}
	}
	if len(dirs) > 0 {
		fmt.Fprintf(b, "%s    %s) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n", indent, strings.Join(dirs, "|"))
	}
	if len(free) > 0 {
		fmt.Fprintf(b, "%s    %s) return ;;\n", indent, strings.Join(free, "|"))
	}
	fmt.Fprintf(b, "%sesac\n", indent)
}

func bashFlagWords(flags []flagInfo) []string {
	var w []string
	for _, f := range flags {
		w = append(w, f.spellings()...)
	}
	return w
}

// shellQuote quotes s for a POSIX shell (and zsh, and fish).
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func writeZsh(b *strings.Builder, cmds []completionCommand) {
	b.WriteString("#compdef guidec\n# zsh completion for guidec. Load it with:\n#   source <(guidec completion zsh)\n")
	b.WriteString("_guidec() {\n    local curcontext=\"$curcontext\" state line\n    typeset -A opt_args\n")
	b.WriteString("    local -a cmds\n    cmds=(\n")
	for _, c := range cmds {
		fmt.Fprintf(b, "        %s\n", shellQuote(c.name+":"+c.short))
	}
	b.WriteString("    )\n    _arguments -C \\\n")
	for _, f := range globalCompletion {
		fmt.Fprintf(b, "        %s \\\n", zshSpec(f))
	}
	b.WriteString("        '1:command:->command' \\\n        '*::arg:->args'\n")
	b.WriteString("    case $state in\n    command) _describe -t commands 'guidec command' cmds ;;\n    args)\n        case $line[1] in\n")
	for _, c := range cmds {
		fmt.Fprintf(b, "        %s)\n            _arguments \\\n", c.name)
		for _, f := range c.flags {
			fmt.Fprintf(b, "                %s \\\n", zshSpec(f))
		}
		switch c.args {
		case argFiles:
			b.WriteString("                '*:path:_files'\n")
		case argShell:
			fmt.Fprintf(b, "                '1:shell:(%s)'\n", strings.Join(shells, " "))
		default:
			b.WriteString("                && return\n")
		}
		b.WriteString("            ;;\n")
	}
	b.WriteString("        esac ;;\n    esac\n}\n")
	b.WriteString("if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n    _guidec \"$@\"\nelse\n    compdef _guidec guidec\nfi\n")
}

// zshSpec is the _arguments spec of a flag.
func zshSpec(f flagInfo) string {
	desc := "[" + zshEscape(f.Usage) + "]"
	val := ""
	switch {
	case len(f.Values) > 0:
		val = ":" + f.Name + ":(" + strings.Join(f.Values, " ") + ")"
	case f.Dir:
		val = ":" + f.Name + ":_files -/"
	case f.takesValue():
		val = ":" + f.Name + ": "
	}
	long := "--" + f.Name
	if f.takesValue() {
		long += "="
	}
	if f.Shorthand == "" {
		return shellQuote(long + desc + val)
	}
	short := "-" + f.Shorthand
	excl := "(" + short + " --" + f.Name + ")"
	return shellQuote(excl+short+desc+val) + " " + shellQuote(excl+long+desc+val)
}

// zshEscape escapes what _arguments reads in a description.
func zshEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, ":", `\:`).Replace(s)
}

func writeFish(b *strings.Builder, cmds []completionCommand) {
	b.WriteString("# fish completion for guidec. Load it with:\n#   guidec completion fish | source\n")
	b.WriteString("complete -c guidec -f\n")
	for _, f := range globalCompletion {
		fmt.Fprintf(b, "complete -c guidec -n __fish_use_subcommand %s\n", fishFlag(f))
	}
	for _, c := range cmds {
		fmt.Fprintf(b, "complete -c guidec -n __fish_use_subcommand -a %s -d %s\n", c.name, shellQuote(c.short))
	}
	for _, c := range cmds {
		cond := shellQuote("__fish_seen_subcommand_from " + c.name)
		for _, f := range c.flags {
			fmt.Fprintf(b, "complete -c guidec -n %s %s\n", cond, fishFlag(f))
		}
		switch c.args {
		case argFiles:
			fmt.Fprintf(b, "complete -c guidec -n %s -F\n", cond)
		case argShell:
			fmt.Fprintf(b, "complete -c guidec -n %s -x -a %s\n", cond, shellQuote(strings.Join(shells, " ")))
		}
	}
}

func fishFlag(f flagInfo) string {
	s := "-l " + f.Name
	if f.Shorthand != "" {
		s += " -s " + f.Shorthand
	}
	s += " -d " + shellQuote(f.Usage)
	switch {
	case len(f.Values) > 0:
		s += " -x -a " + shellQuote(strings.Join(f.Values, " "))
	case f.Dir:
		s += " -x -a '(__fish_complete_directories)'"
	case f.takesValue():
		s += " -x"
	}
	return s
}
