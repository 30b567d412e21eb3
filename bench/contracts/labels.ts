/**
 * The verdict a careful reviewer gives each pair of ../shared/contract-pairs (issue 14): the entity
 * level a consumer of the contract should see. The pairs are not ours and stay in ../shared; these
 * labels are our own judgement, written from the format's semantics (AsyncAPI 2.x: `subscribe` =
 * clients receive, `publish` = clients send; traits merge into what they apply to), each with why.
 * `none` means the contract did not change at all.
 */
export type Level = "breaking" | "additive" | "patch" | "none";

export interface Label {
  level: Level;
  why: string;
}

const l = (level: Level, why: string): Label => ({ level, why });

export const ASYNCAPI_LABELS: Record<string, Label> = {
  "a01-diff-fixture-channel-renamed": l("breaking", "the old channel is gone"),
  "a02-diff-fixture-server-variable-enum-value-removed": l(
    "breaking",
    "port 8883 is no longer offered: clients configured for it cannot connect",
  ),
  "a03-subscribe-channel-removed": l("breaking", "consumers lose the channel"),
  "a04-channel-added": l("additive", "a new channel"),
  "a05-subscribe-payload-property-removed": l("breaking", "consumers read a property that is gone"),
  "a06-subscribe-payload-optional-property-added": l(
    "additive",
    "a new optional received property",
  ),
  "a07-subscribe-payload-property-became-required": l(
    "additive",
    "received messages now always carry it: a stronger promise",
  ),
  "a08-publish-payload-property-became-required": l(
    "breaking",
    "producers that leave it out are rejected",
  ),
  "a09-subscribe-enum-value-removed": l("additive", "consumers receive fewer values"),
  "a10-subscribe-enum-value-added": l("breaking", "consumers receive a value they do not know"),
  "a11-publish-enum-value-removed": l("breaking", "producers sending it are rejected"),
  "a12-publish-enum-value-added": l("additive", "producers may send one more value"),
  "a13-subscribe-type-widened": l("breaking", "consumers parsing integers receive decimals"),
  "a14-publish-constraint-tightened": l("breaking", "producers' larger values are rejected"),
  "a15-subscribe-constraint-tightened": l("additive", "consumers receive a narrower range"),
  "a16-operation-added": l("additive", "a new operation"),
  "a17-operation-removed": l("breaking", "producers can no longer send there"),
  "a18-default-content-type-changed": l("breaking", "payloads no longer parse as before"),
  "a19-server-protocol-changed": l("breaking", "clients speaking plain MQTT cannot connect"),
  "a20-server-removed": l(
    "breaking",
    "an event resource has no entry points: clients of that broker lose it",
  ),
  "a21-security-alternative-removed": l("breaking", "clients using OpenID Connect are locked out"),
  "a22-security-alternative-added": l("additive", "one more way to authenticate"),
  "a23-channel-description-changed": l("patch", "documentation"),
  "a24-payload-description-changed": l("patch", "documentation"),
  "a25-channel-parameter-renamed": l("patch", "same address on the wire; only the name changed"),
  "a26-operation-id-changed": l("patch", "operationId names code, not the wire"),
  "a27-refactor-no-contract-change": l("none", "a $ref inlined: the same schema"),
  "a28-message-trait-header-removed": l("breaking", "consumers and producers lose a header"),
  "a29-info-license-changed": l("patch", "documentation"),
  "a30-subscribe-property-type-changed-json": l("breaking", "consumers receive another type"),
  "a31-message-kind-added": l("additive", "a new message kind consumers may skip"),
  "a32-message-kind-removed": l("breaking", "consumers wait for events that never come"),
  "a33-ref-payload-property-type-changed": l("breaking", "consumers receive another type"),
  "a34-trait-header-became-required": l(
    "additive",
    "a received header (from a trait) is now always present",
  ),
  "a35-json-reformatted-no-change": l("none", "the same document, reformatted"),
  "a36-operation-trait-binding-changed": l(
    "breaking",
    "MQTT QoS 1 → 0 (via an operation trait): at-least-once delivery becomes at-most-once",
  ),
  "a37-security-scheme-type-changed": l(
    "breaking",
    "clients present an API key; the broker now wants a certificate",
  ),
  "a38-message-name-changed": l("patch", "the operation's only message renamed, same payload"),
  "a39-info-version-only": l("none", "info.version is judged against the ORD resource version"),
  "a40-correlation-id-added": l("additive", "a first correlation ID: nothing moved"),
};

/**
 * AsyncAPI 3.0: `action` is the application's own, so `send` means clients receive (read like a
 * 2.x `subscribe`), `receive` means clients send.
 */
export const ASYNCAPI3_LABELS: Record<string, Label> = {
  "v3-01-diff-fixture": l(
    "breaking",
    "the production broker moved from port 5672 to 5673: clients configured for it cannot connect (the rest is documentation, a server's protocolVersion and a channel parameter renamed at the same position)",
  ),
  "v3-02-sent-payload-property-removed": l(
    "breaking",
    "the application sends the message: consumers read an email property that is gone",
  ),
  "v3-03-operation-description-changed": l("patch", "documentation"),
  "v3-04-channel-and-operation-added": l(
    "additive",
    "a new channel and an operation sending on it",
  ),
};

export const GRAPHQL_LABELS: Record<string, Label> = {
  "g01-type-added": l("additive", "a new type"),
  "g02-type-and-query-field-removed": l("breaking", "queries of Query.hotels fail"),
  "g03-field-added": l("additive", "a new field"),
  "g04-field-removed": l("breaking", "queries selecting it fail"),
  "g05-field-order-changed": l("none", "field order is not part of the contract"),
  "g06-output-field-type-changed": l("breaking", "clients receive another type"),
  "g07-output-field-became-non-null": l("additive", "a stronger promise to readers"),
  "g08-output-field-became-nullable": l("breaking", "clients receive nulls they never saw"),
  "g09-argument-type-changed": l("breaking", "queries passing the old type fail validation"),
  "g10-argument-became-non-null": l("breaking", "queries leaving it out fail"),
  "g11-argument-became-nullable": l("additive", "accepts more"),
  "g12-required-argument-added": l("breaking", "queries without it fail"),
  "g13-optional-argument-added": l("additive", "a new optional argument"),
  "g14-non-null-argument-with-default-added": l("additive", "the default makes it optional"),
  "g15-optional-argument-removed": l("breaking", "queries passing it fail validation"),
  "g16-argument-default-changed": l(
    "breaking",
    "clients leaving the argument out get another behaviour (as a changed request default in OpenAPI)",
  ),
  "g17-enum-value-added": l("additive", "a new value (dangerous for exhaustive switches)"),
  "g18-enum-value-removed": l("breaking", "queries and results using it fail"),
  "g19-deprecated-enum-value-removed": l("breaking", "deprecated is still in use until removed"),
  "g20-union-member-added": l("additive", "a new member (dangerous for exhaustive switches)"),
  "g21-union-member-removed": l("breaking", "fragments on it fail"),
  "g22-required-input-field-added": l("breaking", "inputs without it fail"),
  "g23-optional-input-field-added": l("additive", "a new optional input field"),
  "g24-input-field-removed": l("breaking", "inputs setting it fail"),
  "g25-input-field-became-non-null": l("breaking", "inputs leaving it out fail"),
  "g26-input-field-became-nullable": l("additive", "accepts more"),
  "g27-interface-added-to-object": l("additive", "a new interface"),
  "g28-interface-removed-from-object": l("breaking", "fragments on the interface fail"),
  "g29-field-description-changed": l("patch", "documentation"),
  "g30-field-deprecated": l("additive", "a deprecation announces a removal"),
  "g31-deprecation-reason-changed": l("patch", "still deprecated; documentation"),
  "g32-deprecated-field-removed": l("breaking", "queries selecting it fail"),
  "g33-directive-removed": l("breaking", "operations using the directive fail"),
  "g34-directive-added": l("additive", "a new directive"),
  "g35-directive-location-removed": l("breaking", "uses at that location fail"),
  "g36-directive-repeatable-removed": l("breaking", "repeated uses fail"),
  "g37-directive-usage-added": l(
    "breaking",
    "@external: another subgraph resolves the field now (federation)",
  ),
  "g38-input-became-one-of": l("breaking", "inputs setting two fields, or none, are rejected"),
  "g39-deprecation-reason-added": l("patch", "already deprecated; only the reason is new"),
  "g40-inspector-example-schemas": l("breaking", "Query.posts and Post.modifiedAt removed"),
};
