using System.Text;
using Apinator.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Apinator.AspNetCore.Tests.Http;

/// <summary>
/// The auth endpoints read form bodies with their own two-field reader; ASP.NET Core's form parsing
/// (<see cref="QueryHelpers.ParseQuery(string)"/>) is the independent peer every answer is checked against.
/// </summary>
public sealed class FormFieldsTests
{
    [Theory]
    [InlineData("socket_id=123.456&channel_name=private-chat")]
    [InlineData("channel_name=private-chat&socket_id=123.456")]
    [InlineData("socket_id=123.456&channel_name=presence-room%2D1&extra=1")]
    [InlineData("socket_id=1.2&channel_name=a+b%20c")]
    [InlineData("socket_id=1.2&socket_id=3.4&channel_name=private-a&channel_name=private-b")]
    [InlineData("socket%5Fid=1.2&channel%5Fname=private-x")]
    [InlineData("socket_id=&channel_name")]
    [InlineData("&&socket_id=1.2&&")]
    [InlineData("channel_name=private-%E2%9C%93&socket_id=9.9")]
    [InlineData("channel_name=%ZZbad&socket_id=9.9")]
    [InlineData("Socket_ID=1.2&CHANNEL_NAME=private-x")]
    [InlineData("socket_id=1.2&Socket_Id=3.4&channel_name=private-x")]
    [InlineData("")]
    public void Reads_both_fields_as_aspnetcore_form_parsing_does(string body)
    {
        var peer = QueryHelpers.ParseQuery(body);

        var read = FormFields.Read(Encoding.UTF8.GetBytes(body));

        Assert.Equal(peer.TryGetValue("socket_id", out var socketId) ? socketId.ToString() : null, read.SocketId);
        Assert.Equal(peer.TryGetValue("channel_name", out var channel) ? channel.ToString() : null, read.ChannelName);
    }
}
