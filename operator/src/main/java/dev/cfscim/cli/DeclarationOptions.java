package dev.cfscim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code -f}, {@code -R} and {@code --app}: the declaration files a command reads and the ScimApp
 * in them it works on, as a picocli mixin ({@code plan}, {@code apply} through {@link Workspace.Options},
 * and {@code doctor}). The descriptions are {@code plan}'s; a command for which an option means
 * something narrower says so in its own resource bundle, under the option's long name without
 * hyphens ({@code filename}, {@code recursive}, {@code app}), as doctor does.
 */
final class DeclarationOptions {

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
            description = "YAML file or folder of ScimApp, ScimUser, ScimGroup and GroupRoleBinding resources; "
                    + "repeatable; - reads standard input (kustomize build | cfscim plan -f -).")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-R", "--recursive"}, description = "Read the folders' subfolders too, as kubectl apply -R does.")
    boolean recursive;

    @Option(names = "--app", paramLabel = "NAME", description = "The ScimApp to plan, as NAME or NAMESPACE/NAME (needed when the files declare several).")
    String app;

    /** Whether any {@code -f} was given. */
    boolean givesFiles() {
        return !paths.isEmpty();
    }
}
