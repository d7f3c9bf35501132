package dev.cfscim.docs;

import java.util.List;

/**
 * The comment directly above a command block that says it is not run here: {@code <!-- not run:
 * REASON -->}, REASON beginning with one of {@link #REASONS}, or {@code <!-- run by CI -->} for
 * commands {@code .ci/run} runs literally (Maven, which a test cannot run inside Maven). A command
 * block without a marker is run.
 */
sealed interface Marker {

    /**
     * Why a block may go unrun, and nothing else: a block that needs none of these runs. A reason
     * may go on after its opening words ("needs a Kubernetes cluster (Argo CD)").
     */
    List<String> REASONS = List.of(
            "needs a Kubernetes cluster",
            "needs a real Cloudflare account",
            "needs a container engine",
            // Pushing an image, or verifying a published release's signatures (GHCR, Sigstore).
            "needs a container registry",
            // A benchmark at full size, or the suite under stress for an hour: CI runs their quick forms.
            "runs for minutes");

    record NotRun(String reason) implements Marker {
    }

    record RunByCi() implements Marker {
    }

    /** The marker a comment's text is, or null when it is none. */
    static Marker of(String comment) {
        if (comment.equals("run by CI")) {
            return new RunByCi();
        }
        if (comment.startsWith("not run: ")) {
            String reason = comment.substring("not run: ".length()).strip();
            return REASONS.stream().anyMatch(reason::startsWith) ? new NotRun(reason) : null;
        }
        return null;
    }
}
