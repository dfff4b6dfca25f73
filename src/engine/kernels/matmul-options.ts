/** Which stored operands are transposed: op(A) = Aᵀ when transA, op(B) = Bᵀ when transB. */
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}
