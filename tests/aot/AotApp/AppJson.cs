using System.Text.Json.Serialization;

namespace AotApp;

/// <summary>A presence member's info the app's context knows.</summary>
public sealed record TeamMember(string Name);

/// <summary>A type the app forgot to add to its context: its use must be a 500 with a problem document and a log naming it.</summary>
public sealed record NotInContext(string Name);

/// <summary>The event the app publishes, through the queue or at once; the app's context knows it.</summary>
public sealed record OrderShipped(string Id, int Step, decimal Total);

/// <summary>The app's own source-generated context, as the README's AOT section shows.</summary>
[JsonSerializable(typeof(TeamMember))]
[JsonSerializable(typeof(OrderShipped))]
public sealed partial class AppJson : JsonSerializerContext;
