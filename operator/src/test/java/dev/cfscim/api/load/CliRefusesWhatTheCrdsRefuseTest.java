package dev.cfscim.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.load.CrdExamples.Example;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line's path ({@code cfscim validate} and {@code plan}: ResourceLoader, then
 * ResourceValidator) refuses exactly what the CRDs refuse: each example of a CEL rule or of a schema
 * constraint is refused by it if and only if the CRD refuses it, and a refusal names the resource and
 * field. A
 * transition rule is an update's: on a create, as the API server, the command line does not run it.
 */
class CliRefusesWhatTheCrdsRefuseTest {
    private final ResourceValidator validator = ResourceValidator.standard();

    static Stream<Example> examples() {
        return Stream.of(CrdExamples.ruleExamples().stream().filter(e -> e.old() == null),
                CrdExamples.schemaExamples().stream(), CrdExamples.drawnFromTheSchema().stream()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theCommandLineRefusesExactlyWhatTheCrdRefuses(Example example) {
        LoadResult loaded = new ResourceLoader().loadString(example.declaration(), "example.yaml");
        Problems problems = loaded.problems().plus(validator.validate(loaded.resources()));

        if (example.accepted()) {
            assertThat(problems.errors()).as(problems.toString()).isEmpty();
        } else {
            // Named at the field changed (a document that cannot be read is left out, so references to it
            // may fail too: those are the loader's, and said as well).
            String target = CrdExamples.TARGETS.stream().filter(t -> t.startsWith(example.kind() + "/")).findFirst().orElseThrow();
            assertThat(problems.errors()).as(problems.toString()).anySatisfy(p -> {
                assertThat(p.source()).isNotNull();
                assertThat(p.resource().kind() + "/" + p.resource().name()).isEqualTo(target);
                assertThat(p.field()).as("the field refused").isNotNull()
                        .satisfiesAnyOf(f -> assertThat(f).startsWith(example.field()),
                                f -> assertThat(example.field()).startsWith(f));
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void aCreateIsNotJudgedByATransitionRule(Example example) {
        LoadResult loaded = new ResourceLoader().loadString(example.declaration(), "example.yaml");

        assertThat(loaded.problems().plus(validator.validate(loaded.resources())).errors()).isEmpty();
    }

    static Stream<Example> transitions() {
        return CrdExamples.ruleExamples().stream().filter(e -> e.old() != null);
    }
}
