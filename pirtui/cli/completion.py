"""`pirtui completion bash|zsh|fish`: a shell completion script for subcommands, options and files.

bash and zsh scripts come from shtab, generated from the same argparse parser as --help; fish,
which shtab does not write, from a few lines here. shtab is imported only by this command, so the
start-up of `pirtui check` does not pay for it.
"""

from __future__ import annotations

import argparse

NAME = "completion"
SHELLS = ("bash", "zsh", "fish")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The `completion` subcommand's arguments."""
    parser = commands.add_parser(NAME, help="print a shell completion script (bash, zsh or fish)")
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def run(args: argparse.Namespace) -> int:
    """Print the completion script of the whole `pirtui` command for one shell."""
    parser: argparse.ArgumentParser = args.root_parser
    if args.shell == "fish":
        print(fish_script(parser))
    else:
        import shtab

        print(shtab.complete(parser, shell=args.shell))
    return 0


def fish_script(parser: argparse.ArgumentParser) -> str:
    """`complete -c pirtui ...` lines: subcommands first, then each subcommand's options and files."""
    from pirtui.cli.help import subparsers

    prog = parser.prog
    commands = subparsers(parser)
    lines = [f"complete -c {prog} -f", f"complete -c {prog} -n '__fish_use_subcommand' -F"]
    for action in parser._actions:
        lines.extend(_fish_option(prog, "__fish_use_subcommand", action))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                lines.append(
                    f"complete -c {prog} -n '__fish_use_subcommand' -a {choice.dest} -d {_quote(choice.help or '')}"
                )
    for name, sub in commands.items():
        condition = f"__fish_seen_subcommand_from {name}"
        for action in sub._actions:
            lines.extend(_fish_option(prog, condition, action))
    return "\n".join(lines)


def _fish_option(prog: str, condition: str, action: argparse.Action) -> list[str]:
    """The fish line for one argument: an option with its choices, or a positional's files/choices."""
    head = f"complete -c {prog} -n '{condition}'"
    description = f" -d {_quote(action.help)}" if action.help and action.help != argparse.SUPPRESS else ""
    values = f" -xa {_quote(' '.join(action.choices))}" if action.choices else ""
    if isinstance(action, argparse._SubParsersAction):
        return []
    if not action.option_strings:
        if action.choices:
            return [f"{head} -xa {_quote(' '.join(action.choices))}"]
        return [f"{head} -F"] if getattr(action, "complete", None) else []
    flags = ""
    for option in action.option_strings:
        flags += f" -l {option[2:]}" if option.startswith("--") else f" -s {option[1:]}"
    takes_value = action.nargs != 0
    files = " -rF" if takes_value and not values else ""
    return [f"{head}{flags}{values}{files}{description}"]


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
