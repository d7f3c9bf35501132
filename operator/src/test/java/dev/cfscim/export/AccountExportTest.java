package dev.cfscim.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.GroupMode;
import dev.cfscim.api.GroupRoleBinding;
import dev.cfscim.api.ManagementPolicy;
import dev.cfscim.api.ScimGroup;
import dev.cfscim.api.ScimUser;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.RemoteGroup;
import dev.cfscim.scim.RemoteUser;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure step: a remote state to declarations, without a server. */
class AccountExportTest {

    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String SUPER = RemoteState.SUPER_ADMINISTRATOR;

    private static RemoteUser user(String id, String userName, boolean active, String... groups) {
        return new RemoteUser(id, userName, null, null, null, active, List.of(groups));
    }

    private static AccountExport.Target target(GroupMode mode) {
        return new AccountExport.Target(ACCOUNT, mode, "acme", "cfscim", "cloudflare-scim-token", null);
    }

    @Test
    void virtualRoleGroupsBecomeGroupsBoundToTheirRole() {
        RemoteState remote = RemoteState.fromScan(ACCOUNT,
                List.of(user("u1", "ann@example.com", true, "g-admin", "g-min"),
                        user("u2", "ben@example.com", false),
                        user("u0", "owner@example.com", true, "g-admin")),
                List.of(new RemoteGroup("g-admin", "CF-" + ACCOUNT + " - Administrator", null, null),
                        new RemoteGroup("g-dns", "CF-" + ACCOUNT + " - DNS", null, null),
                        new RemoteGroup("g-min", "CF-" + ACCOUNT + " - Minimal Account Access", null, null)));
        remote.setSuperAdministratorsOutsideScim(List.of("u0"));

        AccountExport export = AccountExport.of(remote, target(AccountExport.detectedMode(remote)));

        assertThat(export.app().resource().getSpec().getGroupMode()).isEqualTo(GroupMode.VirtualGroups);
        assertThat(export.app().resource().getSpec().getManagementPolicy()).isEqualTo(ManagementPolicy.Observe);
        assertThat(export.app().resource().getSpec().getEndpoint()).isNull();
        assertThat(export.users()).extracting(e -> e.resource().getSpec().getUserName())
                .containsExactly("ann@example.com", "ben@example.com");
        assertThat(export.users()).extracting(e -> e.resource().getSpec().isActive()).containsExactly(true, false);
        // Minimal Account Access is every member's and never planned; DNS has no member.
        assertThat(export.groups()).extracting(e -> e.resource().getSpec().getDisplayName())
                .containsExactly("Administrator");
        ScimGroup admins = export.groups().get(0).resource();
        assertThat(admins.getSpec().getMembers()).containsExactly("ann");
        GroupRoleBinding binding = export.bindings().get(0).resource();
        assertThat(binding.getSpec().getGroupRef()).isEqualTo(admins.getMetadata().getName());
        assertThat(binding.getSpec().getRole()).isEqualTo("Administrator");
        assertThat(binding.getSpec().getAppRef()).isEqualTo("acme");
        assertThat(export.notDeclared()).singleElement().asString().startsWith("owner@example.com: Super Administrator");
        assertThat(export.secret().resource().getMetadata().getLabels()).containsEntry(AccountExport.TOKEN_LABEL, "true");
        assertThat(export.secret().resource().getData()).isNullOrEmpty();
        assertThat(export.secret().resource().getStringData()).isNullOrEmpty();
    }

    @Test
    void userGroupsBecomeGroupsWithABindingPerRoleAndWhatCannotBeDeclaredIsNoted() {
        RemoteState remote = RemoteState.fromScan(ACCOUNT,
                List.of(user("u1", "ann@example.com", true, "c-ops", "c-empty", "cloudflare-v1-dns"),
                        user("u2", "ben@example.com", true, "c-ops")),
                List.of(new RemoteGroup("c-ops", "On Call", "cfscim", null),
                        new RemoteGroup("c-empty", "Lunch", null, null),
                        new RemoteGroup("c-cf", "CF Staff", null, null),
                        new RemoteGroup("cloudflare-v1-dns", "DNS", null, null)));
        remote.setCustomGroupRoles("c-ops", Set.of("DNS", "Administrator"));
        remote.setCustomGroupRoles("c-cf", Set.of("Administrator"));
        remote.setSuperAdministratorsOutsideScim(List.of());

        AccountExport export = AccountExport.of(remote, target(AccountExport.detectedMode(remote)));

        assertThat(export.app().resource().getSpec().getGroupMode()).isEqualTo(GroupMode.UserGroups);
        assertThat(export.groups()).singleElement().satisfies(g -> {
            assertThat(g.resource().getMetadata().getName()).isEqualTo("on-call");
            assertThat(g.resource().getSpec().getDisplayName()).isEqualTo("On Call");
            assertThat(g.resource().getSpec().getMembers()).containsExactly("ann", "ben");
        });
        assertThat(export.bindings()).extracting(e -> e.resource().getMetadata().getName() + " " + e.resource().getSpec().getRole())
                .containsExactly("on-call-administrator Administrator", "on-call-dns DNS");
        assertThat(export.notDeclared()).hasSize(3)
                .anySatisfy(n -> assertThat(n).startsWith("user group 'CF Staff': begins with CF"))
                .anySatisfy(n -> assertThat(n).startsWith("user group 'Lunch': its policies grant no account role"))
                .anySatisfy(n -> assertThat(n).isEqualTo("system group 'DNS' (Cloudflare's own, left alone): ann@example.com"));
    }

    @Test
    void theSameAccountGivesTheSameYaml() {
        RemoteUser owner = user("o1", "owner@example.com", true);
        RemoteUser other = user("o2", "root@example.com", true);
        RemoteState remote = RemoteState.fromScan(ACCOUNT,
                List.of(other, user("u2", "ben@example.com", true, "g"), owner, user("u1", "Ann@example.com", true, "g")),
                List.of(new RemoteGroup("g", "CF-" + ACCOUNT + " - DNS", null, null)));
        remote.setSuperAdministratorsOutsideScim(List.of("o2", "o1"));
        RemoteState shuffled = RemoteState.fromScan(ACCOUNT,
                List.of(user("u1", "Ann@example.com", true, "g"), owner, user("u2", "ben@example.com", true, "g"), other),
                List.of(new RemoteGroup("g", "CF-" + ACCOUNT + " - DNS", null, null)));
        shuffled.setSuperAdministratorsOutsideScim(List.of("o1", "o2"));

        String yaml = DeclarationFiles.stream(AccountExport.of(remote, target(GroupMode.VirtualGroups)));

        assertThat(DeclarationFiles.stream(AccountExport.of(shuffled, target(GroupMode.VirtualGroups)))).isEqualTo(yaml);
        assertThat(yaml.indexOf("# - owner@example.com")).isPositive().isLessThan(yaml.indexOf("# - root@example.com"));
        assertThat(yaml).doesNotContain("null").doesNotContain("status").contains("""
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimGroup
                metadata:
                  name: dns
                  namespace: cfscim
                spec:
                  displayName: DNS
                  members:
                    - ann
                    - ben
                """);
        ScimUser ann = AccountExport.of(remote, target(GroupMode.VirtualGroups)).users().get(0).resource();
        assertThat(ann.getSpec().getUserName()).isEqualTo("Ann@example.com");
    }
}
