package dev.cfscim.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jq -r PATH} as the guides use it, to keep an id from an answer: PATH is {@code .},
 * {@code .name} and {@code [N]} steps. Stricter than jq on purpose: a path the answer does not
 * have fails (jq would print {@code null}), so that a guide never goes on with an id it did not find.
 */
final class Jq {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+)]");

    private Jq() {
    }

    static CommandResult run(List<String> args, byte[] input) throws IOException {
        if (args.size() != 2 || !args.get(0).equals("-r")) {
            throw new IllegalArgumentException("jq " + String.join(" ", args) + ": the guides' test runs jq -r PATH only");
        }
        String path = args.get(1);
        JsonNode node = JSON.readTree(input);
        if (!path.equals(".")) {
            Matcher step = STEP.matcher(path);
            int at = 0;
            while (at < path.length()) {
                if (!step.find(at) || step.start() != at) {
                    throw new IllegalArgumentException("jq " + path + ": a path the guides' test does not read");
                }
                node = step.group(1) != null ? node.path(step.group(1)) : node.path(Integer.parseInt(step.group(2)));
                at = step.end();
            }
        }
        if (node.isMissingNode() || node.isNull()) {
            return CommandResult.failed(1, "jq: " + path + " is not in the answer: " + new String(input) + "\n");
        }
        return CommandResult.ofOutput(0, (node.isValueNode() ? node.asText() : node.toPrettyString()) + "\n");
    }
}
