namespace GitOpsAgent.Cli.CommandLine;

/// <summary>
/// Shell scripts that complete `gitops-agent` by asking it: each passes the line typed so far (without the command
/// name) to System.CommandLine's [suggest:N] directive, so commands, options and app names complete from the same
/// definition that parses them, and app names from the agent config the line names.
/// </summary>
internal static class CompletionScripts
{
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "fish"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, $"no completion for {shell}; shells: {string.Join(", ", Shells)}"),
    };

    private const string Bash = """
        # bash completion for gitops-agent. Load it with: source <(gitops-agent completion bash)
        # (the installer puts it in /usr/share/bash-completion/completions/gitops-agent).
        _gitops_agent() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local rest=""
            [[ "$line" == *[[:space:]]* ]] && rest="${line#*[[:space:]]}"
            rest="${rest#"${rest%%[![:space:]]*}"}"
            local cur="${COMP_WORDS[COMP_CWORD]}"
            local item
            COMPREPLY=()
            while IFS= read -r item; do
                [[ -n "$item" && "$item" == "$cur"* ]] && COMPREPLY+=("$item")
            done < <(command gitops-agent "[suggest:${#rest}]" "$rest" 2>/dev/null)
        }
        complete -o bashdefault -o default -F _gitops_agent gitops-agent

        """;

    private const string Zsh = """
        #compdef gitops-agent
        # zsh completion for gitops-agent. Load it with: source <(gitops-agent completion zsh)
        # (or save it as _gitops-agent in a folder of $fpath).
        _gitops_agent() {
            local line="${BUFFER[1,CURSOR]}"
            local rest=""
            [[ "$line" == *[[:space:]]* ]] && rest="${line#*[[:space:]]}"
            rest="${rest##[[:space:]]#}"
            local -a items
            items=("${(@f)$(command gitops-agent "[suggest:${#rest}]" "$rest" 2>/dev/null)}")
            compadd -- "${items[@]}"
        }
        compdef _gitops_agent gitops-agent

        """;

    private const string Fish = """
        # fish completion for gitops-agent. Load it with: gitops-agent completion fish | source
        # (or save it as ~/.config/fish/completions/gitops-agent.fish).
        function __gitops_agent_complete
            set -l rest (string replace -r '^\S+\s*' '' -- (commandline -cp))
            command gitops-agent "[suggest:"(string length -- "$rest")"]" "$rest" 2>/dev/null
        end
        complete -c gitops-agent -f -a '(__gitops_agent_complete)'

        """;
}
