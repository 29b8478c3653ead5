"""The language server's protocol: pygls's, with LSP's lifecycle (what a message gets before
``initialize`` and after ``shutdown``), document changes applied by LSP's line rules, and
without pygls's leak of notification futures."""

from __future__ import annotations

import logging
from collections.abc import Generator
from concurrent.futures import Future
from functools import partial
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.protocol.json_rpc import RPCRequest

from filmlint.server.positions import replaced

logger = logging.getLogger(__name__)


class FilmlintProtocol(LanguageServerProtocol):
    """pygls's protocol, without its leak: it keeps the future of each notification whose
    handler is a generator or a coroutine (its own ``didChange`` is one) among the requests
    awaiting an answer, under an id of its own, and never drops it, so a server grew by each
    edit (+49% of its memory after 10,000). A notification's futures go once done."""

    def _handle_notification(self, method_name: str, params: Any) -> None:
        before = set(self._request_futures)
        super()._handle_notification(method_name, params)
        for msg_id in self._request_futures.keys() - before:
            self._request_futures[msg_id].add_done_callback(partial(self._drop, msg_id))

    def _drop(self, msg_id: str | int, future: Future[Any]) -> None:
        # Only shutdown cancels a notification's future, as it walks these futures: one
        # dropped then (cancel runs the callbacks at once) would change them under it, and
        # no message is handled after shutdown to make them grow.
        if not future.cancelled():
            self._request_futures.pop(msg_id, None)

    #: Whether the client has sent ``initialize``: before it, only ``exit`` is handled.
    initialize_seen = False

    def handle_message(self, message: Any) -> None:
        """pygls's, with LSP's lifecycle: a request before ``initialize`` is answered with
        ServerNotInitialized (pygls ran it, and sent its failure's traceback), one after
        ``shutdown`` with InvalidRequest (pygls dropped it: the client waited forever); a
        notification then, but ``exit``, is dropped."""
        method = getattr(message, "method", None)
        refusal = self._refusal(method) if isinstance(method, str) else None
        if refusal is None:
            self.initialize_seen |= method == types.INITIALIZE
            super().handle_message(message)
        elif isinstance(message, RPCRequest):
            self._send_response(message.id, error=refusal)
        else:
            logger.warning("dropped %s: %s", method, refusal.message)

    def _refusal(self, method: str) -> types.ResponseError | None:
        """The error a message of ``method`` gets at this point of the lifecycle, if any."""
        if method == types.EXIT:
            return None
        if not self.initialize_seen and method != types.INITIALIZE:
            return types.ResponseError(
                types.ErrorCodes.ServerNotInitialized, "the server is not initialized yet"
            )
        if self._shutdown:
            return types.ResponseError(
                types.ErrorCodes.InvalidRequest, "the server is shut down: only exit is accepted"
            )
        return None

    def structure_message(self, data: dict[str, Any]) -> Any:
        """pygls's; a request it cannot read (params that are not its method's: Invalid
        Params) is answered with that error, as JSON-RPC asks. pygls raises it out of the
        JSON decoding, where the request's id is lost: it only logged it, and the client
        waited for an answer forever."""
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and "method" in data:
                self._send_response(data["id"], error=error.to_response_error())
            raise  # logged, and shown, by pygls as before

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        """pygls's, with each change applied by LSP's rules (``replaced``): pygls counts
        lines with ``str.splitlines``, which also breaks at U+2028, U+2029, NEL, VT and FF,
        and does not clamp a character past its line's end, so its copy drifted from the
        editor's, and fix-all wrote that copy back. A change to a document the client never
        opened has no text to apply to: it is ignored with a log message, as other servers
        do, and the file stays read from disk like any closed one."""
        uri = params.text_document.uri
        if unquote(uri) not in self.workspace.text_documents:  # pygls's key for a document
            self._server.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Warning,
                    message=f"ignored a change to {uri}, which is not open",
                )
            )
            return
        text = self.workspace.get_text_document(uri).source
        for change in params.content_changes:
            text = self._changed(text, change)
        # A whole-document change: pygls only stores the text, and the version.
        whole = types.TextDocumentContentChangeWholeDocument(text=text)
        self.workspace.update_text_document(params.text_document, whole)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    def encoding(self) -> str:
        """The negotiated position encoding's name (UTF-16 unless the client chose another).
        A method: pygls reads each property of its protocol before there is a workspace."""
        kind = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        # pygls keeps the member it was given: str() of a member is its qualified name.
        return kind.value if isinstance(kind, types.PositionEncodingKind) else kind

    def _changed(self, text: str, change: types.TextDocumentContentChangeEvent) -> str:
        if isinstance(change, types.TextDocumentContentChangeWholeDocument):
            return change.text
        return replaced(text, change.range, change.text, self.encoding())
