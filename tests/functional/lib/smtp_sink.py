"""A real SMTP server for the tests (Debian's python3-aiosmtpd): accepts every
mail and prints each as one JSON line on stdout, decoded the way a mail reader
would (headers per RFC 2047, text and HTML parts per their transfer encoding),
plus the raw bytes. Usage: /usr/bin/python3 smtp_sink.py PORT (0: any free
one); the first line is {"listening": PORT}.
"""
import asyncio
import email
import email.policy
import json
import socket
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        parts = {}
        for part in message.walk():
            if part.get_content_maintype() == 'text':
                parts[part.get_content_type()] = part.get_content()
        record = {
            'mailFrom': envelope.mail_from,
            'rcptTos': envelope.rcpt_tos,
            'headers': {name.lower(): str(value) for name, value in message.items()},
            'subject': str(message['subject']),
            'contentType': message.get_content_type(),
            'text': parts.get('text/plain'),
            'html': parts.get('text/html'),
            'raw': raw.decode('utf-8', 'replace'),
        }
        print(json.dumps(record), flush=True)
        return '250 OK'


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(('127.0.0.1', port))
    sock.listen(64)
    loop = asyncio.get_running_loop()
    handler = Sink()
    # decode_data=False: the bytes exactly as sent, so the test sees the wire format.
    server = await loop.create_server(lambda: SMTP(handler, hostname='sink.test'), sock=sock)
    print(json.dumps({'listening': sock.getsockname()[1]}), flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
