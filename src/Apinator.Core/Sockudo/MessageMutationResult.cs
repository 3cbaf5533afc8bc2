namespace Apinator.Sockudo;

/// <summary>Sockudo's answer to an update, delete or append of a versioned message.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="MessageSerial">The message changed.</param>
/// <param name="Action">The action applied: <c>update</c>, <c>delete</c> or <c>append</c>.</param>
/// <param name="Accepted">Whether Sockudo accepted the change.</param>
/// <param name="VersionSerial">The new version's serial, when reported.</param>
/// <param name="Status">Sockudo's status text, e.g. <c>applied</c>.</param>
public sealed record MessageMutationResult(string Channel, string MessageSerial, string Action, bool Accepted, string? VersionSerial, string? Status);
