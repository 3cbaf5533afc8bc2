using System.Text.Json;

namespace Apinator.Tests.Conformance;

/// <summary>
/// The official test vectors (copied from shared/conformance), read from the test output folder.
/// Expected values in conformance tests come only from here.
/// </summary>
internal static class ConformanceVectors
{
    public const string ApinatorHmacRequestFile = "apinator-hmac-request.v1.json";
    public const string ApinatorChannelAuthFile = "apinator-channel-auth.v1.json";
    public const string ApinatorWebhookSignatureFile = "apinator-webhook-signature.v1.json";
    public const string PusherNodeSdkFile = "pusher-node-sdk.v1.json";

    public static readonly string[] AllFiles = [ApinatorHmacRequestFile, ApinatorChannelAuthFile, ApinatorWebhookSignatureFile, PusherNodeSdkFile];

    private static readonly Dictionary<string, JsonElement> Files = AllFiles.ToDictionary(f => f, Read);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Conformance");

    /// <summary>The root of a vector file.</summary>
    public static JsonElement File(string fileName) => Files[fileName];

    /// <summary>The case called <paramref name="name"/> of an Apinator vector file (cases is an array of named objects).</summary>
    public static JsonElement NamedCase(string fileName, string name) =>
        File(fileName).GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>Every case name of an Apinator vector file, one theory row each.</summary>
    public static TheoryData<string> CaseNames(string fileName) => new(CaseNameList(fileName));

    /// <summary>Every case name of an Apinator vector file, in file order.</summary>
    public static string[] CaseNameList(string fileName) =>
        File(fileName).GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();

    /// <summary>The cases of one group of pusher-node-sdk.v1.json (e.g. <c>rest</c>).</summary>
    public static JsonElement PusherCases(string group) => File(PusherNodeSdkFile).GetProperty("cases").GetProperty(group);

    /// <summary>One theory row per case of a pusher-node-sdk.v1.json group: its index and a readable label.</summary>
    public static TheoryData<int, string> PusherCaseRows(string group, Func<JsonElement, string> label)
    {
        var data = new TheoryData<int, string>();
        var i = 0;
        foreach (var c in PusherCases(group).EnumerateArray()) data.Add(i++, label(c));
        return data;
    }

    /// <summary>The <c>config</c> of pusher-node-sdk.v1.json.</summary>
    public static JsonElement PusherConfig => File(PusherNodeSdkFile).GetProperty("config");

    /// <summary>A string member of <paramref name="element"/>.</summary>
    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static JsonElement Read(string fileName)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(Folder, fileName)));
        return document.RootElement.Clone();
    }
}
