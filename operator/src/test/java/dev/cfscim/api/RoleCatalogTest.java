package dev.cfscim.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleCatalogTest {
    private final RoleCatalog catalog = RoleCatalog.standard();

    @Test
    void readsBothSectionsOfTheShippedFile() {
        assertThat(catalog.accountScoped()).hasSize(70)
                .startsWith("Administrator", RoleCatalog.SUPER_ADMINISTRATOR, "Administrator Read Only")
                .endsWith("Zone Versioning Read (Account-Wide)");
        assertThat(catalog.domainScoped()).hasSize(13).startsWith("Bot Management").endsWith("Zone Versioning Read");
    }

    @Test
    void theShippedFileIsAVerbatimCopyOfTheSharedOne() throws IOException {
        Path shared = Path.of("../../shared/cloudflare-roles.txt");
        Path resource = Path.of("src/main/resources/dev/cfscim/api/cloudflare-roles.txt");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(shared), "shared/ is beside the repository");
        assertThat(Files.readString(resource)).isEqualTo(Files.readString(shared));
    }

    @Test
    void scopesAreExactAndDisjoint() {
        assertThat(catalog.isAccountScoped("Administrator Read Only")).isTrue();
        assertThat(catalog.isAccountScoped("administrator read only")).isFalse();
        assertThat(catalog.isAccountScoped("Domain DNS")).isFalse();
        assertThat(catalog.isDomainScoped("Domain DNS")).isTrue();
        assertThat(catalog.isDomainScoped("domain dns")).isTrue();
        assertThat(catalog.isDomainScoped("DNS")).isFalse();
        assertThat(catalog.isAccountScoped(null)).isFalse();
        assertThat(catalog.accountScoped()).doesNotContainAnyElementsOf(catalog.domainScoped());
    }

    @Test
    void findsTheCanonicalSpellingIgnoringCase() {
        assertThat(catalog.canonical("email security analyst")).contains("Email security Analyst");
        assertThat(catalog.canonical("Cache Domain Purge")).contains("Cache Domain Purge");
        assertThat(catalog.canonical("Wizard")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Adminstrator                   | Administrator
            administrator                  | Administrator
            Administrator Read-Only        | Administrator Read Only
            Super Administrator            | Super Administrator - All Privileges
            Domain DNS                     | DNS
            Domain Administrator           | Administrator
            Domain Administrator Read Only | Administrator Read Only
            Bot Management                 | Bot Management (Account-wide)
            Zone Versioning                | Zone Versioning (Account-Wide)
            Zone Versioning Read           | Zone Versioning Read (Account-Wide)
            Cache Domain Purge             | Cache Purge
            Domain Waiting Room Read       | Waiting Room Read
            Domain API Gateway             | API Gateway
            Domain Page Shield Read        | Page Shield Read
            Cloudflare R2 Admn             | Cloudflare R2 Admin
            dns                            | DNS
            """)
    void suggestsTheNearestAccountScopedRoleFirst(String name, String expected) {
        assertThat(catalog.nearest(name, 3)).first().isEqualTo(expected);
    }

    @Test
    void everyDomainScopedRoleGetsASuggestion() {
        for (String domainRole : catalog.domainScoped()) {
            assertThat(catalog.nearest(domainRole, 3)).as(domainRole).isNotEmpty().allMatch(catalog::isAccountScoped);
        }
    }

    @Test
    void suggestsOnlyAccountScopedRolesAtMostNAndNothingForNonsense() {
        assertThat(catalog.nearest("Domain Administrator Read Only", 2))
                .containsExactly("Administrator Read Only", "Administrator");
        assertThat(catalog.nearest("Adminstrator", 1)).containsExactly("Administrator");
        assertThat(catalog.nearest("Wizard", 3)).isEmpty();
        assertThat(catalog.nearest("", 3)).isEmpty();
        assertThat(catalog.nearest("DNS", 0)).isEmpty();
    }

    @Test
    void parsesTheFileFormatAndRejectsARoleOutsideASection() throws IOException {
        RoleCatalog small = RoleCatalog.parse(new StringReader("""
            # comment
            [account-scoped]
            Alpha
            Beta

            [domain-scoped]
            Domain Alpha
            """));

        assertThat(small.accountScoped()).containsExactly("Alpha", "Beta");
        assertThat(small.domainScoped()).containsExactly("Domain Alpha");
        assertThat(small.nearest("Domain Alpha", 3)).isEqualTo(List.of("Alpha"));
        assertThatThrownBy(() -> RoleCatalog.parse(new StringReader("Alpha\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("line 1");
    }
}
