package dev.cfscim.api.load;

import dev.cfscim.api.RoleCatalog;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Checks a {@link ResourceSet} and reports every problem at once, each with its file, resource and
 * field. What {@code kubectl apply} would refuse is refused here by the same judge: each declaration
 * against its generated CRD, schema and CEL rules ({@link CrdValidation}), and its metadata as the
 * API server checks every object's ({@link MetadataRules}). What no schema can say is hand-written:
 * references, roles, duplicates and confusable userNames ({@link ReferenceRules}), a ScimApp's token
 * and its probable mistakes ({@link AppRules}), selectors the operator could not use ({@link SelectorRules}).
 *
 * <p>Errors are what makes the declared state wrong or unsafe to act on; the command line stops on
 * them. Warnings are what the operator reports in status at run time and still acts on, or what is
 * legal but probably not meant. Where a rule is a warning, its method says why.
 *
 * <p>A Secret named by a tokenSecretRef but absent from the set is not a problem: the Secret is
 * meant to be created with kubectl, not kept in Git. When it is present, it must hold the key.
 */
public final class ResourceValidator {
    private final RoleCatalog roles;
    private final CrdValidation crds;

    public ResourceValidator(RoleCatalog roles) {
        this(roles, CrdSchemas.standard());
    }

    ResourceValidator(RoleCatalog roles, CrdSchemas schemas) {
        this.roles = roles;
        this.crds = new CrdValidation(schemas, roles);
    }

    /** A validator with the role catalog shipped in the jar. */
    public static ResourceValidator standard() {
        return new ResourceValidator(RoleCatalog.standard());
    }

    public Problems validate(ResourceSet set) {
        Findings out = new Findings(set);
        ReferenceRules references = new ReferenceRules(roles, out);
        MetadataRules.duplicateResources(out);
        for (HasMetadata resource : set.all()) {
            MetadataRules.metadata(resource, out);
            crds.check(resource).forEach(f -> out.error(resource, f.field(), f.message()));
        }
        set.apps().forEach(app -> AppRules.app(app, out));
        set.users().forEach(references::user);
        set.groups().forEach(references::group);
        set.bindings().forEach(references::binding);
        AppRules.sharedAccounts(out);
        references.duplicateUserNames();
        references.duplicateBindings();
        references.boundGroupNames();
        return out.problems();
    }
}
