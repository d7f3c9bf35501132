package dev.cfscim.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs an Argo CD health check the way Argo CD does: the object as the global {@code obj} (JSON
 * objects and arrays as tables, arrays from index 1, nulls absent), the script's returned table
 * read for {@code status} and {@code message}.
 */
final class LuaHealth {

    record Result(String status, String message) {
    }

    private LuaHealth() {
    }

    static Result run(String script, String chunkName, JsonNode obj) {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("obj", toLua(obj));
        LuaValue returned = globals.load(script, chunkName).call();
        if (!returned.istable()) {
            throw new AssertionError(chunkName + " returned " + returned.typename() + ", not a table");
        }
        LuaValue status = returned.get("status");
        LuaValue message = returned.get("message");
        return new Result(status.isnil() ? null : status.tojstring(), message.isnil() ? null : message.tojstring());
    }

    static LuaValue toLua(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return LuaValue.NIL;
        }
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                LuaValue value = toLua(field.getValue());
                if (!value.isnil()) {
                    table.set(field.getKey(), value);
                }
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, toLua(node.get(i)));
            }
            return table;
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.booleanValue());
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return LuaValue.valueOf(node.intValue());
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.doubleValue());
        }
        return LuaValue.valueOf(node.asText());
    }
}
