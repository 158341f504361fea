/** A REST API error the way Salesforce sends it: an HTTP status and `[{ message, errorCode, fields }]`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = []
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The JSON array body Salesforce returns. */
  toBody(): { message: string; errorCode: string; fields?: string[] }[] {
    return [
      this.fields.length > 0
        ? { message: this.message, errorCode: this.errorCode, fields: this.fields }
        : { message: this.message, errorCode: this.errorCode }
    ];
  }
}

/** The text Salesforce uses for an unknown column in SOQL. */
export function noSuchColumn(field: string, sobject: string): ApiError {
  return new ApiError(
    400,
    'INVALID_FIELD',
    `No such column '${field}' on entity '${sobject}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
  );
}

export function unsupportedType(sobject: string): ApiError {
  return new ApiError(
    400,
    'INVALID_TYPE',
    `sObject type '${sobject}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
  );
}

/** Errors raised while reading the JSON: a collections request fails as a whole on them. */
export const DESERIALIZE = new Set(['INVALID_FIELD', 'JSON_PARSER_ERROR', 'INVALID_FIELD_FOR_INSERT_UPDATE']);
