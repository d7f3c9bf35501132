package dev.cfscim.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names derived from userNames and group names: valid DNS-1123 labels, distinct, the same every run. */
class ResourceNamesTest {

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    @Test
    void slugsAreDns1123Labels() {
        assertThat(ResourceNames.ofUserName("Priya.Raman@acme.example.com")).isEqualTo("priya-raman");
        assertThat(ResourceNames.slug("Administrator Read Only", "role")).isEqualTo("administrator-read-only");
        assertThat(ResourceNames.slug("  On Call!! ", "group")).isEqualTo("on-call");
        assertThat(ResourceNames.slug("日本", "group")).isEqualTo("group");
        assertThat(ResourceNames.ofUserName("+tag@example.com")).isEqualTo("tag");
        String long64 = "a".repeat(62) + "-b";
        assertThat(ResourceNames.slug(long64, "x")).hasSize(62).matches(LABEL);
    }

    @Test
    void collisionsGetAStableSuffixAndTheFirstKeepsTheBase() {
        List<String> userNames = List.of("ann@example.com", "ann@other.example.com", "Ann@third.example.com");

        Map<String, String> names = ResourceNames.assign(userNames, ResourceNames::ofUserName);

        assertThat(names.get("ann@example.com")).isEqualTo("ann");
        assertThat(names.get("ann@other.example.com")).matches("ann-[0-9a-f]{6}");
        assertThat(names.values()).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).matches(LABEL));
        assertThat(ResourceNames.assign(userNames, ResourceNames::ofUserName)).isEqualTo(names);
        // A colliding member's name does not depend on who else collides.
        assertThat(ResourceNames.assign(List.of("ann@example.com", "ann@other.example.com"), ResourceNames::ofUserName)
                .get("ann@other.example.com")).isEqualTo(names.get("ann@other.example.com"));
    }

    @Test
    void aLiteralNameEqualToASuffixedOneStillGetsItsOwn() {
        Map<String, String> first = ResourceNames.assign(List.of("ann@a.example", "ann@b.example"),
                ResourceNames::ofUserName);
        String suffixed = first.get("ann@b.example");

        Map<String, String> names = ResourceNames.assign(List.of("ann@a.example", "ann@b.example",
                suffixed + "@c.example"), ResourceNames::ofUserName);

        assertThat(names.values()).doesNotHaveDuplicates().hasSize(3).allSatisfy(n -> assertThat(n).matches(LABEL));
    }

    @Test
    void longNamesStayWithin63WithTheirSuffix() {
        String local = "x".repeat(80);
        Map<String, String> names = ResourceNames.assign(List.of(local + "@a.example", local + "@b.example"),
                ResourceNames::ofUserName);

        assertThat(names.values()).doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(63).matches(LABEL));
    }
}
