"""Drives `spex mcp` with the official MCP Python SDK (`mcp` on PyPI), a client spex did
not write: starts the server over stdio, lists its tools, calls the tools named in the
script read from stdin, and prints one JSON object: the tools (name, description, input
schema) and each call's result (structured content, text, whether it is an error).

Usage: python3 session.py SPEX_BINARY WORKSPACE [SERVER_ARGS...] < calls.json
where calls.json is [{"tool": name, "arguments": {...}}, ...]; an entry
{"write": path, "text": text} writes a workspace file between two calls instead (a
call after it with "settle": true is repeated while it fails, for up to 10 s),
{"resource": uri} reads a resource and {"prompt": name, "arguments": {...}} gets a
prompt. The transcript also lists every resource (following the pages) and prompt.
"""

import asyncio
import json
import sys
import time

from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client


async def main() -> None:
    spex, workspace, *server_args = sys.argv[1:]
    calls = json.load(sys.stdin)
    params = StdioServerParameters(
        command=spex, args=["mcp", workspace, *server_args], cwd=workspace
    )
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            tools = await session.list_tools()
            resources, pages, cursor = [], 0, None
            while True:
                page = await session.list_resources(
                    params=types.PaginatedRequestParams(cursor=cursor) if cursor else None
                )
                pages += 1
                resources += [
                    {"uri": str(r.uri), "name": r.name, "title": r.title, "mime_type": r.mime_type}
                    for r in page.resources
                ]
                cursor = page.next_cursor
                if not cursor:
                    break
            prompts = await session.list_prompts()
            results = []
            for call in calls:
                if "write" in call:
                    # An edit between calls, as an author saving a file mid-session.
                    with open(f"{workspace}/{call['write']}", "w", encoding="utf-8") as f:
                        f.write(call["text"])
                    continue
                if "resource" in call:
                    try:
                        read = await session.read_resource(call["resource"])
                        results.append({"resource": call["resource"], "is_error": False,
                                        "text": "".join(getattr(c, "text", "") for c in read.contents),
                                        "mime_type": read.contents[0].mime_type})
                    except Exception as error:  # an MCP error answer
                        results.append({"resource": call["resource"], "is_error": True, "text": str(error)})
                    continue
                if "prompt" in call:
                    try:
                        got = await session.get_prompt(call["prompt"], call.get("arguments"))
                        results.append({"prompt": call["prompt"], "is_error": False,
                                        "text": "".join(m.content.text for m in got.messages)})
                    except Exception as error:
                        results.append({"prompt": call["prompt"], "is_error": True, "text": str(error)})
                    continue
                result = await session.call_tool(call["tool"], call.get("arguments", {}))
                # "settle": the call follows a write, which the server's file watcher
                # reports after a short quiet time: ask again until it answers, for 10 s.
                deadline = time.monotonic() + 10
                while call.get("settle") and result.is_error and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                    result = await session.call_tool(call["tool"], call.get("arguments", {}))
                results.append(
                    {
                        "tool": call["tool"],
                        "is_error": bool(result.is_error),
                        "structured": result.structured_content,
                        "text": "".join(
                            c.text for c in result.content if getattr(c, "text", None)
                        ),
                    }
                )
    print(
        json.dumps(
            {
                "server": init.server_info.name,
                "tools": [
                    {
                        "name": t.name,
                        "description": t.description,
                        "input_schema": t.input_schema,
                    }
                    for t in tools.tools
                ],
                "resources": resources,
                "resource_pages": pages,
                "prompts": [
                    {"name": p.name, "description": p.description,
                     "arguments": [a.name for a in (p.arguments or [])]}
                    for p in prompts.prompts
                ],
                "results": results,
            }
        )
    )


asyncio.run(main())
