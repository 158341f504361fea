import { PbxRequestError } from '../pbx/pbx-provider.ts';
import { ApiError } from './api-error.ts';

/**
 * A provider failure → the API's answer. Refusals the agent can act on keep their words (the
 * softphone shows them as is, see softphoneContract.json `errors`); anything else means the PBX
 * could not be used right now (502), and the details go to the log, not to the browser.
 */
export function pbxFailure(error: unknown, pbxUserId?: string): ApiError {
  if (!(error instanceof PbxRequestError)) {
    return new ApiError(502, 'PBX_UNAVAILABLE', 'The PBX could not be reached. Try again in a moment.');
  }
  switch (error.code) {
    case 'DESTINATION_OUT_OF_ORDER':
      return new ApiError(
        409,
        'DESTINATION_OUT_OF_ORDER',
        'The phone is offline (DESTINATION_OUT_OF_ORDER). Check that your desk phone or softphone is registered.'
      );
    case 'NO_ANSWER':
      return new ApiError(409, 'NO_ANSWER', 'You did not pick up your phone, so the number was not dialled.');
    case 'USER_BUSY':
      return new ApiError(409, 'USER_BUSY', 'Your phone is busy. End the other call or free a line, then try again.');
    case 'CALL_REJECTED':
      return new ApiError(409, 'CALL_REJECTED', 'Your phone declined the call.');
    case 'NO_DEVICES':
      return new ApiError(
        409,
        'NO_DEVICES',
        'Your PBX user has no phone to ring. Ask your admin to assign you a desk phone or softphone.'
      );
    case 'INVALID_NUMBER':
      return new ApiError(400, 'INVALID_NUMBER', `The PBX refused the number: ${error.message}`);
    case 'USER_NOT_FOUND':
      return new ApiError(
        409,
        'PBX_USER_NOT_FOUND',
        `Your PBX user id${pbxUserId ? ` (${pbxUserId})` : ''} does not exist on the PBX. Ask your admin to fix your PBX user id.`
      );
    case 'UNAUTHORIZED':
      return new ApiError(
        502,
        'PBX_UNAVAILABLE',
        'The adapter could not sign in to the PBX. Ask your admin to check the PBX credentials.'
      );
    case 'PBX_UNAVAILABLE':
      return new ApiError(502, 'PBX_UNAVAILABLE', 'The PBX could not be reached. Try again in a moment.');
    case 'NOT_YOUR_CALL':
      return new ApiError(
        403,
        'NOT_YOUR_CALL',
        'This call is not yours: you can only control calls that ring or connect your own phone.'
      );
    case 'CALL_NOT_FOUND':
      return new ApiError(404, 'CALL_NOT_FOUND', 'This call has already ended.');
    case 'CALL_NOT_RINGING':
      return new ApiError(409, 'CALL_NOT_RINGING', 'This call is no longer ringing on your phone.');
    case 'CALL_NOT_CONNECTED':
      return new ApiError(409, 'CALL_NOT_CONNECTED', 'This call is not connected to your phone: answer it first.');
    case 'NO_CONSULTATION':
      return new ApiError(409, 'NO_CONSULTATION', 'No consultation is in progress on this call.');
    case 'CONSULT_RINGING':
      return new ApiError(
        409,
        'CONSULT_RINGING',
        // The same words as the Apex (AdapterClient.cls): the one consulted may be a colleague or a number.
        'The person you are consulting is still being rung, so the softphone cannot take the call back yet. Press *1 on your phone to go back to the caller, or wait: after 20 seconds without an answer the caller comes back to you.'
      );
    case 'TRANSFER_NOT_STARTED':
      return new ApiError(
        409,
        'TRANSFER_NOT_STARTED',
        'The PBX did not start the transfer, so the caller is still with you. Ask your admin whether call transfer (Konami metaflows) is enabled, or transfer on your phone.'
      );
  }
}
