using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apinator.EndToEnd.Hosting;

namespace Apinator.EndToEnd.Node;

/// <summary>
/// The official Node server SDK (<c>pusher</c> on npm) through tests/node/sdk.mjs: one process per
/// call, configured for the suite's Soketi and master key.
/// </summary>
public sealed class NodeSdk(EndToEndFixture fixture)
{
    /// <summary>Runs one operation and returns its JSON answer; fails when sdk.mjs did not exit 0.</summary>
    /// <param name="operation">The <c>op</c>, e.g. <c>trigger</c>, <c>authorizeChannel</c>.</param>
    /// <param name="request">The operation's members (an object whose properties become request members).</param>
    /// <returns>The answer.</returns>
    public async Task<JsonElement> RunAsync(string operation, object request)
    {
        var message = JsonSerializer.SerializeToNode(request)!.AsObject();
        message["op"] = operation;
        message["config"] = new JsonObject
        {
            ["host"] = "127.0.0.1",
            ["port"] = fixture.Soketi.Port,
            ["encryptionMasterKeyBase64"] = EndToEndFixture.MasterKeyBase64,
        };
        var info = new ProcessStartInfo("node", ["sdk.mjs", message.ToJsonString()])
        {
            WorkingDirectory = fixture.NodeProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node sdk.mjs.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(JsonLinesProcess.DefaultTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw new TimeoutException($"sdk.mjs {operation} did not finish within {JsonLinesProcess.DefaultTimeout.TotalSeconds:0} s.");
        }

        var output = await stdout;
        if (process.ExitCode != 0) throw new InvalidOperationException($"sdk.mjs {operation} exited {process.ExitCode}: {output}\n{await stderr}");
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }
}
