package dev.niotls.tls;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Walks what an object reaches through its instance fields and arrays (a reachability check by reflection,
 * no heap dump, no timing). Stops at the objects a connection shares with others (its context, its BIO) and at
 * classes and threads; JDK internals that the module system closes are counted by class but not entered.
 */
final class ObjectGraph {
    private ObjectGraph() {
    }

    /** The path ("TlsConnection.engine -> ServerEngine.context ...") to each reachable object of a class whose name starts with {@code prefix}. */
    static List<String> pathsTo(Object root, String prefix, Class<?>... stopAt) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> queue = new ArrayDeque<>();
        queue.add(new Object[] {root, root.getClass().getSimpleName()});
        seen.add(root);
        List<String> found = new ArrayList<>();
        while (!queue.isEmpty()) {
            Object[] entry = queue.poll();
            Object object = entry[0];
            String path = (String) entry[1];
            Class<?> type = object.getClass();
            if (type.getName().startsWith(prefix)) {
                found.add(path + " (" + type.getName() + ")");
                continue;
            }
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(object); i++) {
                        visit(Array.get(object, i), path + "[" + i + "]", seen, queue, stopAt);
                    }
                }
                continue;
            }
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        field.setAccessible(true);
                        visit(field.get(object), path + " -> " + c.getSimpleName() + "." + field.getName(), seen, queue,
                                stopAt);
                    } catch (InaccessibleObjectException | IllegalAccessException e) {
                        // a closed JDK internal: its class was checked above, its insides cannot hold ours
                    }
                }
            }
        }
        return found;
    }

    private static void visit(Object value, String path, Set<Object> seen, Deque<Object[]> queue, Class<?>[] stopAt) {
        if (value == null || value instanceof Class || value instanceof Thread || value instanceof ClassLoader
                || !seen.add(value)) {
            return;
        }
        for (Class<?> stop : stopAt) {
            if (stop.isInstance(value)) {
                return;
            }
        }
        queue.add(new Object[] {value, path});
    }
}
