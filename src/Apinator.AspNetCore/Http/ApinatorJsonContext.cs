using System.Text.Json.Serialization;

using Apinator.AspNetCore.Skubber;
using Apinator.Channels;
using Microsoft.AspNetCore.Mvc;

namespace Apinator.AspNetCore.Http;

/// <summary>
/// Source-generated JSON for the endpoints' bodies and answers, problem documents included: the
/// endpoints write with it directly, never through the app's <c>JsonOptions</c>, so they answer the
/// same with reflection off (Native AOT) whatever resolvers the app configured.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthRequestBody))]
[JsonSerializable(typeof(ChannelAuthorization))]
[JsonSerializable(typeof(UserAuthentication))]
[JsonSerializable(typeof(SkubberConnection))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class ApinatorJsonContext : JsonSerializerContext;
