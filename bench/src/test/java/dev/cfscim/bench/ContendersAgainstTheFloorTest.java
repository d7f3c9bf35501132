package dev.cfscim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.MemberView;
import dev.cfscim.emulator.RateLimit;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the contenders send, route by route, against the emulator in each group model: our engine
 * exactly the floor (provisioning from empty and a drift scan), tagging what it writes as the
 * bench's ScimApp; the IdP patterns doing the whole job their way and writing no policy.
 */
class ContendersAgainstTheFloorTest {

    private static final Workload WORKLOAD = Workload.generate(250, 4, 7);

    @ParameterizedTest
    @EnumSource(GroupModel.class)
    void ourEngineProvisionsFromEmptyAtTheFloorRouteByRoute(GroupModel model) {
        try (CloudflareEmulator cf = emulator(model)) {
            Floor floor = Floor.provisioning(model, WORKLOAD, Floor.Found.in(cf.account()));
            EngineContender engine = new EngineContender(model, cf.scimBaseUrl(), cf.token(), cf.accountId(),
                    EngineContender.unlimited());

            engine.provision(WORKLOAD);

            assertThat(Convergence.missing(cf.account(), model, WORKLOAD, true)).isEmpty();
            assertThat(sent(cf)).isEqualTo(withoutZeros(floor.byRoute()));
            assertThat(cf.account().members()).filteredOn(m -> m.source().equals("scim"))
                    .extracting(MemberView::externalId).containsOnly(EngineContender.OWNER.tag());
        }
    }

    @ParameterizedTest
    @EnumSource(GroupModel.class)
    void ourDriftScanOfAConvergedAccountIsTheScanFloor(GroupModel model) {
        try (CloudflareEmulator cf = emulator(model)) {
            EngineContender engine = new EngineContender(model, cf.scimBaseUrl(), cf.token(), cf.accountId(),
                    EngineContender.unlimited());
            engine.provision(WORKLOAD);
            Floor scan = Floor.scan(model, Floor.Found.in(cf.account()));
            cf.resetRequests();

            // Every member the last state knew is asked after if the listing lacks it: none is.
            engine.driftScan(WORKLOAD);

            assertThat(sent(cf)).isEqualTo(withoutZeros(scan.byRoute()));
        }
    }

    @ParameterizedTest
    @EnumSource(GroupModel.class)
    void theIdpPatternsDoTheWholeJobAndWriteNoPolicy(GroupModel model) {
        for (Bench.Kind kind : new Bench.Kind[] {Bench.Kind.OKTA, Bench.Kind.ENTRA}) {
            try (CloudflareEmulator cf = emulator(model)) {
                Contender idp = kind.create(model, cf, EngineContender.unlimited());

                idp.provision(WORKLOAD);

                assertThat(Convergence.missing(cf.account(), model, WORKLOAD, false)).as(idp.name()).isEmpty();
                assertThat(cf.requests().route("PUT /iam/user_groups/{id}")).as(idp.name()).isZero();
                assertThat(cf.requests().route("POST /Groups")).as(idp.name())
                        .isEqualTo(model == GroupModel.USER_GROUPS ? WORKLOAD.members().size() : 0);
                assertThat(idp.sent()).as(idp.name()).isEqualTo(cf.requests().total());
            }
        }
    }

    private static CloudflareEmulator emulator(GroupModel model) {
        return CloudflareEmulator.builder().profile(model.profile()).rateLimit(RateLimit.OFF).superAdmin(Bench.OWNER)
                .build().start();
    }

    private static Map<String, Long> sent(CloudflareEmulator cf) {
        return withoutZeros(cf.requests().routes());
    }

    private static Map<String, Long> withoutZeros(Map<String, Long> routes) {
        Map<String, Long> kept = new TreeMap<>(routes);
        kept.values().removeIf(n -> n == 0);
        return kept;
    }
}
