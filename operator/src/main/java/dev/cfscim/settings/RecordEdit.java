package dev.cfscim.settings;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.function.Consumer;

/**
 * Copies of a settings record with a change: the record's components go into a builder whose public
 * fields bear their names, an edit changes some, and the record's canonical constructor (with its
 * checks) makes the copy. One way for every settings record to say "these settings, but ...", rather
 * than a {@code withX} method per component, each a copy of the constructor call. Settings are
 * copied when something starts, never per request: reflection costs nothing that matters here.
 */
public final class RecordEdit {

    private RecordEdit() {
    }

    /**
     * {@code record} with what {@code edit} changes in {@code builder}, which must have a public field
     * per component, of the component's name and type.
     *
     * @throws IllegalStateException when the builder lacks a component's field (a programming error,
     *     which {@code RecordEditTest} and every settings record's use find)
     */
    public static <R extends Record, B> R copy(R record, B builder, Consumer<? super B> edit) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        try {
            for (RecordComponent component : components) {
                field(builder, component).set(builder, component.getAccessor().invoke(record));
            }
            edit.accept(builder);
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = field(builder, components[i]).get(builder);
                types[i] = components[i].getType();
            }
            @SuppressWarnings("unchecked")
            Constructor<R> canonical = (Constructor<R>) record.getClass().getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            // The record's own check refused the values: its message is the one to give.
            if (e.getCause() instanceof RuntimeException refused) {
                throw refused;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getSimpleName() + " through "
                    + builder.getClass().getSimpleName() + ": " + e, e);
        }
    }

    private static Field field(Object builder, RecordComponent component) throws NoSuchFieldException {
        Field field = builder.getClass().getField(component.getName());
        if (field.getType() != component.getType()) {
            throw new NoSuchFieldException(component.getName() + " is a " + field.getType().getSimpleName()
                    + " in the builder, a " + component.getType().getSimpleName() + " in the record");
        }
        return field;
    }
}
