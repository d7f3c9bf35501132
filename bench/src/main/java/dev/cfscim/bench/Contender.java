package dev.cfscim.bench;

/**
 * One way of keeping the account as declared: our engine, or a client that follows an IdP's
 * documented request pattern. Each counts what it sends; the emulator counts what it receives.
 */
interface Contender {

    String name();

    /** Provisions the workload into an account that holds only its owner. */
    void provision(Workload workload);

    /** One membership change in the converged account: {@code add} the user to the role's group, or remove it. */
    void edit(Workload workload, String role, String userName, boolean add);

    /** What this contender spends to find drift in the converged account, as its pattern does it. */
    void driftScan(Workload workload);

    /** Requests sent so far (retries and refused requests included). */
    long sent();

    /** 429 answers received so far. */
    long rateLimited();
}
