package dev.cfscim.api.load;

/**
 * What a load found: the resources it could read and the problems of those it could not. A document
 * with a problem is left out of {@code resources}; the others are still there, so validation can run
 * and report everything in one go.
 */
public record LoadResult(ResourceSet resources, Problems problems) {
    public boolean hasErrors() {
        return problems.hasErrors();
    }
}
