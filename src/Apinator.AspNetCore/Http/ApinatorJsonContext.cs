using System.Text.Json.Serialization;

using Apinator.AspNetCore.Skubber;
using Apinator.Channels;

namespace Apinator.AspNetCore.Http;

/// <summary>Source-generated JSON for the endpoints' bodies and answers.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthRequestBody))]
[JsonSerializable(typeof(ChannelAuthorization))]
[JsonSerializable(typeof(UserAuthentication))]
[JsonSerializable(typeof(SkubberConnection))]
internal sealed partial class ApinatorJsonContext : JsonSerializerContext;
