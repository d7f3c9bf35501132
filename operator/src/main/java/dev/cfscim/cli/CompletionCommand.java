package dev.cfscim.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code cfscim completion bash|zsh|fish|powershell}: the shell completion script, generated from
 * the commands themselves, so it never lags behind a new option: bash's (and zsh's, through its bash
 * layer) by picocli, fish's and PowerShell's from the same model ({@link CompletionModel}).
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for cfscim.",
                "bash:        source <(cfscim completion bash)     (or save it under /etc/bash_completion.d/)",
                "zsh:         source <(cfscim completion zsh)      (in ~/.zshrc)",
                "fish:        cfscim completion fish | source      (or save it as ~/.config/fish/completions/cfscim.fish)",
                "PowerShell:  cfscim completion powershell | Out-String | Invoke-Expression   (in $PROFILE)"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh, fish, powershell }

    @Parameters(paramLabel = "SHELL", description = "bash, zsh, fish or powershell.")
    Shell shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = switch (shell) {
            case bash -> AutoComplete.bash("cfscim", root);
            // picocli's script is written for bash; zsh runs it through its bash completion layer.
            case zsh -> "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                    + AutoComplete.bash("cfscim", root);
            case fish -> FishCompletion.script(CompletionModel.of(root));
            case powershell -> PowerShellCompletion.script(CompletionModel.of(root));
        };
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
