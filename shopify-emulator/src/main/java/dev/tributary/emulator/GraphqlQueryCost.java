package dev.tributary.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedOutputType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;

/**
 * Shopify's calculated query cost of one operation. Scalars and enums cost 0, an object 1, a
 * union or interface the most any of its types would cost, a connection 2 plus its page size
 * ({@code first} or {@code last}) times what one node costs, and a mutation field a flat 10. The
 * requested cost comes from the query alone; the actual cost walks the answer, so null objects
 * cost nothing and a connection is charged for the nodes it really returned.
 */
final class GraphqlQueryCost {

    static final int MUTATION_COST = 10;
    static final int CONNECTION_COST = 2;

    private final GraphQLSchema schema;

    GraphqlQueryCost(GraphQLSchema schema) {
        this.schema = schema;
    }

    /** The worst case, charged before the operation runs; 0 when the document names no such operation. */
    int requested(Document document, String operationName, Map<String, Object> variables) {
        return cost(document, operationName, variables, null, false);
    }

    /** The cost of what the operation returned in {@code data} (null when it did not run). */
    int actual(Document document, String operationName, Map<String, Object> variables, Object data) {
        return data == null ? 0 : cost(document, operationName, variables, data, true);
    }

    private int cost(Document document, String operationName, Map<String, Object> variables, Object data,
            boolean actual) {
        OperationDefinition operation = operation(document, operationName);
        if (operation == null) {
            return 0;
        }
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        Walk walk = new Walk(fragments, variables == null ? Map.of() : variables, actual);
        if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
            long fields = walk.fields(schema.getMutationType(), operation.getSelectionSet()).stream()
                    .filter(field -> !field.getName().startsWith("__"))
                    .count();
            return (int) fields * MUTATION_COST;
        }
        if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
            return 0;
        }
        return walk.objectCost(schema.getQueryType(), operation.getSelectionSet(), data);
    }

    private static OperationDefinition operation(Document document, String name) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (name == null || name.isEmpty()) {
            return operations.size() == 1 ? operations.get(0) : null;
        }
        return operations.stream().filter(o -> name.equals(o.getName())).findFirst().orElse(null);
    }

    /** One pass over an operation, in requested or actual mode. */
    private final class Walk {

        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Object> variables;
        private final boolean actual;

        Walk(Map<String, FragmentDefinition> fragments, Map<String, Object> variables, boolean actual) {
            this.fragments = fragments;
            this.variables = variables;
            this.actual = actual;
        }

        int objectCost(GraphQLObjectType type, SelectionSet selections, Object value) {
            int cost = 0;
            for (Field field : fields(type, selections)) {
                GraphQLFieldDefinition definition = type.getFieldDefinition(field.getName());
                if (definition != null) {
                    Object fieldValue = value instanceof Map<?, ?> map ? map.get(key(field)) : null;
                    cost += fieldCost(definition, field, fieldValue);
                }
            }
            return cost;
        }

        private int fieldCost(GraphQLFieldDefinition definition, Field field, Object value) {
            GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
            if (!(type instanceof GraphQLCompositeType composite)) {
                return 0;
            }
            if (actual && (value == null || value instanceof List<?> list && list.isEmpty())) {
                return 0;
            }
            if (type instanceof GraphQLObjectType object && object.getName().endsWith("Connection")) {
                return connectionCost(object, field, value);
            }
            // A plain list of objects (userErrors) counts as one object, as Shopify's payloads do.
            Object one = value instanceof List<?> list ? list.get(0) : value;
            return 1 + compositeCost(composite, field.getSelectionSet(), one);
        }

        private int compositeCost(GraphQLCompositeType type, SelectionSet selections, Object value) {
            if (type instanceof GraphQLObjectType object) {
                return objectCost(object, selections, value);
            }
            int most = 0;
            for (GraphQLObjectType possible : possibleTypes(type)) {
                most = Math.max(most, objectCost(possible, selections, value));
            }
            return most;
        }

        private int connectionCost(GraphQLObjectType connection, Field field, Object value) {
            List<NodeSelection> nodeSelections = nodeSelections(connection, field.getSelectionSet());
            if (!actual) {
                int perNode = 0;
                for (NodeSelection selection : nodeSelections) {
                    perNode = Math.max(perNode, 1 + compositeCost(selection.type(), selection.field().getSelectionSet(), null));
                }
                return CONNECTION_COST + pageSize(field) * perNode;
            }
            int nodes = 0;
            for (NodeSelection selection : nodeSelections) {
                nodes = Math.max(nodes, selection.items(value).size());
            }
            int cost = CONNECTION_COST;
            for (int i = 0; i < nodes; i++) {
                int perNode = 0;
                for (NodeSelection selection : nodeSelections) {
                    Object node = selection.node(value, i);
                    if (node != null) {
                        perNode = Math.max(perNode, 1 + compositeCost(selection.type(), selection.field().getSelectionSet(), node));
                    }
                }
                cost += perNode;
            }
            return cost;
        }

        /** Where a connection's nodes are asked for: under {@code edges { node }} and under {@code nodes}. */
        private List<NodeSelection> nodeSelections(GraphQLObjectType connection, SelectionSet selections) {
            List<NodeSelection> found = new ArrayList<>();
            for (Field field : fields(connection, selections)) {
                GraphQLFieldDefinition definition = connection.getFieldDefinition(field.getName());
                if (definition == null) {
                    continue;
                }
                GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
                if (field.getName().equals("nodes") && type instanceof GraphQLCompositeType nodeType) {
                    found.add(new NodeSelection(key(field), null, field, nodeType));
                } else if (field.getName().equals("edges") && type instanceof GraphQLObjectType edge) {
                    for (Field edgeField : fields(edge, field.getSelectionSet())) {
                        if (edgeField.getName().equals("node")
                                && GraphQLTypeUtil.unwrapAll(edge.getFieldDefinition("node").getType())
                                        instanceof GraphQLCompositeType nodeType) {
                            found.add(new NodeSelection(key(field), key(edgeField), edgeField, nodeType));
                        }
                    }
                }
            }
            return found;
        }

        private int pageSize(Field field) {
            return Math.max(intArgument(field, "first"), intArgument(field, "last"));
        }

        private int intArgument(Field field, String name) {
            Value<?> value = field.getArguments().stream()
                    .filter(argument -> argument.getName().equals(name))
                    .map(argument -> (Value<?>) argument.getValue())
                    .findFirst().orElse(null);
            if (value instanceof IntValue literal) {
                return Math.max(0, literal.getValue().intValue());
            }
            if (value instanceof VariableReference reference
                    && variables.get(reference.getName()) instanceof Number number) {
                return Math.max(0, number.intValue());
            }
            return 0;
        }

        /** The fields selected on {@code type}, fragments that apply to it included. */
        List<Field> fields(GraphQLObjectType type, SelectionSet selections) {
            List<Field> fields = new ArrayList<>();
            if (selections == null) {
                return fields;
            }
            for (Selection<?> selection : selections.getSelections()) {
                if (selection instanceof Field field) {
                    if (!field.getName().startsWith("__")) {
                        fields.add(field);
                    }
                } else if (selection instanceof InlineFragment inline) {
                    if (inline.getTypeCondition() == null || applies(inline.getTypeCondition().getName(), type)) {
                        fields.addAll(fields(type, inline.getSelectionSet()));
                    }
                } else if (selection instanceof FragmentSpread spread) {
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    if (fragment != null && applies(fragment.getTypeCondition().getName(), type)) {
                        fields.addAll(fields(type, fragment.getSelectionSet()));
                    }
                }
            }
            return fields;
        }

        private boolean applies(String condition, GraphQLObjectType type) {
            if (condition.equals(type.getName())) {
                return true;
            }
            GraphQLType conditionType = schema.getType(condition);
            return conditionType instanceof GraphQLCompositeType abstractType
                    && !(conditionType instanceof GraphQLObjectType)
                    && possibleTypes(abstractType).contains(type);
        }

        private List<GraphQLObjectType> possibleTypes(GraphQLCompositeType type) {
            if (type instanceof GraphQLUnionType union) {
                List<GraphQLObjectType> types = new ArrayList<>();
                for (GraphQLNamedOutputType member : union.getTypes()) {
                    types.add((GraphQLObjectType) member);
                }
                return types;
            }
            if (type instanceof GraphQLInterfaceType contract) {
                return schema.getImplementations(contract);
            }
            return List.of();
        }
    }

    /** One place a connection's nodes appear in the answer: {@code listKey[i].nodeKey}, or {@code listKey[i]}. */
    private record NodeSelection(String listKey, String nodeKey, Field field, GraphQLCompositeType type) {

        List<?> items(Object connection) {
            return connection instanceof Map<?, ?> map && map.get(listKey) instanceof List<?> list ? list : List.of();
        }

        Object node(Object connection, int index) {
            List<?> items = items(connection);
            if (index >= items.size()) {
                return null;
            }
            Object item = items.get(index);
            return nodeKey == null ? item : item instanceof Map<?, ?> edge ? edge.get(nodeKey) : null;
        }
    }

    private static String key(Field field) {
        return field.getAlias() != null ? field.getAlias() : field.getName();
    }
}
