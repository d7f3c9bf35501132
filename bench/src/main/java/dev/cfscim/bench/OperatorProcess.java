package dev.cfscim.bench;

import dev.cfscim.controller.OperatorRuntime;
import dev.cfscim.controller.ReconcilerSettings;
import dev.cfscim.controller.SharedStrings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The main of {@link OperatorFootprint}'s child JVM: the operator's runtime as {@code cfscim operator}
 * starts it, with what fabric8's mock API server needs (no server-side apply, which it does not
 * serve) and the emulator's loopback host allowed; the cluster comes from the fabric8 system
 * properties the parent passes. Runs until the parent stops it.
 */
final class OperatorProcess {

    private OperatorProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Progress.quietLogs();
        String namespace = args[0];
        KubernetesClient client = SharedStrings.clientBuilder().build();
        OperatorRuntime runtime = OperatorRuntime.start(client, OperatorRuntime.Options.defaults().with(o -> {
            o.serverSideApply = false;
            o.httpPort = -1;
            o.namespaces = Set.of(namespace);
            o.ledgerNamespace = namespace;
            o.settings = ReconcilerSettings.loopback();
        }));
        CountDownLatch stopped = runtime.closeOnShutdown(client);
        System.out.println("operator running in namespace " + namespace + " at " + client.getMasterUrl());
        stopped.await();
    }
}
